import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import { budgetedChannel } from '../../../src/delivery/budgeted-channel.js';
import { chatDelivery } from '../../../src/delivery/chat-delivery.js';
import { Deferral } from '../../../src/db/deferral.js';
import { createRateBudget } from '../../../src/delivery/rate-budget.js';
import type { AlertView } from '../../../src/platforms/alert-view.js';
import { postToRobot } from '../../../src/platforms/wecom/robot-client.js';
import { wecomWebhookChannel } from '../../../src/platforms/wecom/webhook-channel.js';
import { startWeComServer, type WeComServerHandle } from '../../../src/sandbox/wecom/server.js';
import { testDatabase } from '../../helpers/database.js';

const view = (id: number): AlertView => ({
  id, title: `Alert ${id}`, severity: 'warning', severityEmoji: '🟠', severityText: 'Warning', state: 'triggered', stateText: 'Triggered',
  statusLine: 'Triggered', assignee: null, source: 'prom', count: 1, summary: null, labels: [], startedAt: '2026-01-01 10:00',
  duration: '1m', snoozedUntil: null, escalation: null, links: [], buttons: ['ack', 'resolve', 'assign', 'snooze'], snoozeChoices: ['30m'], locale: 'en', version: 1,
});

/**
 * WeCom robots are paced by the delivery layer's fleet-wide budget, like every destination: a
 * call over it is deferred (the job comes back later), never sent to draw a throttle answer.
 */
describe('a WeCom robot under its 20-a-minute limit', () => {
  let wecom: WeComServerHandle;
  let database: Database;
  const raw = (name: string, key: string) => wecomWebhookChannel({ name, webhook: wecom.webhook(key) }, { actionUrl: () => () => 'https://gong.test/a/x' });
  /** The chat as a Gong process sees it; each call of `budgeted` is a process of its own. */
  const budgeted = (name: string, key: string) => {
    const chat = { name, type: 'wecom-webhook' as const, webhook: wecom.webhook(key), format: 'template_card' as const, publish: [], dailyStats: [] };
    return budgetedChannel(raw(name, key), chatDelivery(chat).destination, createRateBudget(database.db));
  };
  const titles = (key: string) => wecom.messages(key).map((m) => (m.body.template_card as { main_title: { title: string } }).main_title.title);

  beforeAll(async () => {
    wecom = await startWeComServer({ robots: [{ key: 'storm' }, { key: 'shared' }, { key: 'notices' }] });
    database = await testDatabase();
  });
  afterAll(async () => {
    await wecom?.stop();
    await database?.close();
  });

  it('takes 25 alerts at once as 20 messages now and 5 deferred past the minute, drawing no throttle', async () => {
    const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => budgeted('storm', 'storm').postAlert(view(i + 1), `k${i}`)));
    const deferred = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    expect(deferred).toHaveLength(5);
    for (const reason of deferred) {
      expect(reason).toBeInstanceOf(Deferral);
      expect((reason as Deferral).afterMs).toBeGreaterThan(50_000);
    }
    expect(new Set(titles('storm')).size).toBe(20);
    expect(wecom.refusals().filter((r) => r.key === 'storm')).toEqual([]);
  });

  it('after a throttle answer (someone else used the robot), holds the robot for its window in every process', async () => {
    const url = wecom.webhook('shared');
    for (let i = 0; i < 20; i++) await postToRobot(url, { msgtype: 'text', text: { content: `other tool ${i}` } }, 'someone else');
    await expect(budgeted('shared-a', 'shared').postAlert(view(99), 'mine')).rejects.toMatchObject({ code: '45009', retryable: true, retryAfterMs: 60_000 });
    expect(wecom.refusals().filter((r) => r.key === 'shared')).toHaveLength(1);
    // Another chat on the same robot, in another process: it waits instead of drawing a second refusal.
    const held = await budgeted('shared-b', 'shared').postAlert(view(100), 'theirs').catch((error: unknown) => error);
    expect(held).toBeInstanceOf(Deferral);
    expect((held as Deferral).afterMs).toBeGreaterThan(50_000);
    expect(wecom.refusals().filter((r) => r.key === 'shared')).toHaveLength(1);
  });

  it('sends notices with <@userid> mentions, a text message for mobile-only people, and splits long ones', async () => {
    const notice = {
      kind: 'escalation' as const,
      title: 'Escalated to step 2',
      markdown: `#7 HighCPU unacknowledged for 10 min\n${'长'.repeat(1000)}\n${'行'.repeat(1000)}`,
      mentions: [{ name: 'Bob', wecom: 'bob' }, { name: 'Eve', mobile: '13800000000' }, { name: 'Ann' }],
    };
    const channel = raw('notices', 'notices');
    // Three messages, so three calls against the robot's budget.
    expect(channel.messagesOf?.(notice)).toBe(3);
    await channel.postNotice(notice, 'n1');
    const sent = wecom.messages('notices');
    expect(sent.map((m) => m.msgtype)).toEqual(['markdown', 'markdown', 'text']);
    expect((sent[0]!.body.markdown as { content: string }).content).toMatch(/^### Escalated to step 2/);
    expect((sent[1]!.body.markdown as { content: string }).content).toMatch(/<@bob> @Eve @Ann$/);
    expect(sent.map((m) => m.mentioned)).toEqual([[], ['bob'], ['13800000000']]);
  });
});
