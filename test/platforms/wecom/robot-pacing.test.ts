import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView } from '../../../src/platforms/alert-view.js';
import { RobotPacer, type Clock } from '../../../src/platforms/wecom/pacer.js';
import { wecomWebhookChannel } from '../../../src/platforms/wecom/webhook-channel.js';
import { startWeComServer, type WeComServerHandle } from '../../../src/sandbox/wecom/server.js';

/** Time that moves only when someone waits: the robot and Gong's pacer read the same clock. */
function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 1_700_000_000_000;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms) {
      now += ms;
    },
  };
}

const view = (id: number): AlertView => ({
  id, title: `Alert ${id}`, severity: 'warning', severityEmoji: '🟠', severityText: 'Warning', state: 'triggered', stateText: 'Triggered',
  statusLine: 'Triggered', assignee: null, source: 'prom', count: 1, summary: null, labels: [], startedAt: '2026-01-01 10:00',
  duration: '1m', snoozedUntil: null, escalation: null, links: [], buttons: ['ack', 'resolve', 'assign', 'snooze'], snoozeChoices: ['30m'], locale: 'en', version: 1,
});

describe('a WeCom robot under its 20-a-minute limit', () => {
  const clock = fakeClock();
  let wecom: WeComServerHandle;
  const channel = (key: string, pacer = new RobotPacer(20, 60_000, clock)) =>
    wecomWebhookChannel({ name: key, webhook: wecom.webhook(key) }, { actionUrl: () => () => 'https://gong.test/a/x', pacer });

  beforeAll(async () => {
    wecom = await startWeComServer({ robots: [{ key: 'storm' }, { key: 'shared' }, { key: 'notices' }], now: clock.now });
  });
  afterAll(() => wecom?.stop());

  it('takes 25 alerts at once as at most 20 messages a minute, losing none and drawing no throttle', async () => {
    const storm = channel('storm');
    const start = clock.now();
    await Promise.all(Array.from({ length: 25 }, (_, i) => storm.postAlert(view(i + 1), `k${i}`)));
    const sent = wecom.messages('storm');
    expect(sent).toHaveLength(25);
    expect(new Set(sent.map((m) => (m.body.template_card as { main_title: { title: string } }).main_title.title)).size).toBe(25);
    expect(wecom.refusals().filter((r) => r.key === 'storm')).toEqual([]);
    for (const first of sent) expect(sent.filter((m) => m.at >= first.at && m.at < first.at + 60_000).length).toBeLessThanOrEqual(20);
    expect(sent.filter((m) => m.at < start + 60_000)).toHaveLength(20);
  });

  it('after a throttle answer (someone else used the budget), fails retryably and waits out the minute', async () => {
    const other = channel('shared');
    for (let i = 0; i < 20; i++) await other.postAlert(view(i), `o${i}`);
    const mine = channel('shared');
    await expect(mine.postAlert(view(99), 'mine')).rejects.toMatchObject({ code: '45009', retryable: true, retryAfterMs: 60_000 });
    expect(mine.status()).toBeUndefined();
    const before = clock.now();
    await mine.postAlert(view(99), 'mine');
    expect(clock.now() - before).toBeGreaterThanOrEqual(60_000);
    expect(wecom.refusals().filter((r) => r.key === 'shared')).toHaveLength(1);
  });

  it('fails retryably rather than queueing more than two minutes of messages in the process', async () => {
    // A clock whose waits never end: after the first 20 sends, the rest stay queued behind a full window.
    const stuck: Clock = { now: () => 0, sleep: () => new Promise(() => {}) };
    const pacer = new RobotPacer(20, 60_000, stuck);
    const queued = Array.from({ length: 41 }, () => pacer.run(async () => undefined));
    await expect(queued[40]).rejects.toMatchObject({ code: 'paced', retryable: true, retryAfterMs: 60_000 });
    await expect(Promise.race([queued[39], new Promise((resolve) => setTimeout(() => resolve('still waiting'), 50))])).resolves.toBe('still waiting');
  });

  it('sends notices with <@userid> mentions, a text message for mobile-only people, and splits long ones', async () => {
    const notices = channel('notices');
    await notices.postNotice(
      {
        kind: 'escalation',
        title: 'Escalated to step 2',
        markdown: `#7 HighCPU unacknowledged for 10 min\n${'长'.repeat(1000)}\n${'行'.repeat(1000)}`,
        mentions: [{ name: 'Bob', wecom: 'bob' }, { name: 'Eve', mobile: '13800000000' }, { name: 'Ann' }],
      },
      'n1',
    );
    const sent = wecom.messages('notices');
    expect(sent.map((m) => m.msgtype)).toEqual(['markdown', 'markdown', 'text']);
    expect((sent[0]!.body.markdown as { content: string }).content).toMatch(/^### Escalated to step 2/);
    expect((sent[1]!.body.markdown as { content: string }).content).toMatch(/<@bob> @Eve @Ann$/);
    expect(sent.map((m) => m.mentioned)).toEqual([[], ['bob'], ['13800000000']]);
  });
});
