import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { startWeComServer, type WeComServerHandle } from '../../../src/sandbox/wecom/server.js';
import { startTestGong, type TestGong, waitFor } from '../../helpers/gong.js';
import { capturingLogger } from '../../helpers/logger.js';
import { alertDetail, postAlert, SOURCE } from '../dingtalk/gong-fixture.js';

interface Card {
  main_title: { title: string; desc: string };
  sub_title_text?: string;
  horizontal_content_list: Array<{ keyname: string; value: string }>;
  jump_list: Array<{ title: string; url: string }>;
  card_action: { url: string };
}

describe('Gong with WeCom group robots', () => {
  let wecom: WeComServerHandle;
  let gong: TestGong;
  const { logger, lines: logLines } = capturingLogger();
  const local = (link: string) => `${gong.url}${new URL(link).pathname}`;
  const bodiesAbout = (key: string, id: number) =>
    wecom.messages(key).filter((m) => JSON.stringify(m.body).includes(`#${id} `));

  beforeAll(async () => {
    wecom = await startWeComServer({ robots: [{ key: 'card-robot-key' }, { key: 'markdown-robot-key' }] });
    gong = await startTestGong({
      sources: [SOURCE],
      logger,
      config: {
        locale: 'en',
        chats: [
          { name: 'ops-wecom', type: 'wecom-webhook', webhook: wecom.webhook('card-robot-key') },
          { name: 'ops-wecom-md', type: 'wecom-webhook', webhook: wecom.webhook('markdown-robot-key'), format: 'markdown' },
          { name: 'removed', type: 'wecom-webhook', webhook: wecom.webhook('removed-robot-key') },
        ],
      },
    });
  });

  afterAll(async () => {
    await gong?.close();
    await wecom?.stop();
  });

  it('posts a text_notice card with signed action links; GET shows, POST acknowledges; the change follows up', async () => {
    const id = await postAlert(gong, { title: 'Disk full on db-1', severity: 'critical', description: 'Only 2% left', labels: { instance: 'db-1' } });
    const [posted] = await waitFor('the card', async () => (bodiesAbout('card-robot-key', id).length > 0 ? bodiesAbout('card-robot-key', id) : undefined));
    expect(posted!.msgtype).toBe('template_card');
    const card = posted!.body.template_card as Card;
    expect(card.main_title).toEqual({ title: `🔴 #${id} Disk full on db-1`, desc: 'Triggered' });
    expect(card.sub_title_text).toBe('Only 2% left\ninstance=db-1');
    expect(card.horizontal_content_list.map((row) => row.keyname)).toEqual(['Source', 'Assignee', 'Started']);
    expect(card.jump_list.map((jump) => jump.title)).toEqual(['Acknowledge', 'Resolve', 'Assign to me']);
    expect(card.card_action.url).toBe(card.jump_list[0]!.url);

    const ackLink = local(card.jump_list[0]!.url);
    expect(await (await fetch(ackLink)).text()).toContain('Disk full on db-1');
    expect((await alertDetail(gong, id)).state).toBe('triggered');
    const done = await fetch(ackLink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'actor=Wang+Fang' });
    expect(done.status).toBe(200);
    const alert = await alertDetail(gong, id);
    expect(alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Wang Fang' });
    expect(alert.timeline.at(-1)).toMatchObject({ type: 'acknowledged', actor: 'Wang Fang', platform: 'wecom' });
    // The same link again is refused with the reason, as a conflict.
    const again = await fetch(ackLink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'actor=Li+Lei' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already acknowledged by Wang Fang');

    const followUp = await waitFor('the follow-up', async () => bodiesAbout('card-robot-key', id)[1]);
    expect(followUp.msgtype).toBe('markdown');
    const content = (followUp.body.markdown as { content: string }).content;
    expect(content).toContain('Acknowledged by Wang Fang');
    expect(content).toContain('[Resolve](');
    expect(content).not.toContain('[Acknowledge](');
    // The markdown chat got the change too: every posted message of every chat follows the alert.
    await waitFor('the markdown follow-up', async () => bodiesAbout('markdown-robot-key', id)[1]);
  });

  it('in markdown format carries every action link, and a huge description is shortened to fit', async () => {
    const id = await postAlert(gong, { title: 'Huge description', severity: 'warning', description: '磁盘'.repeat(3000) });
    const [posted] = await waitFor('the markdown', async () => (bodiesAbout('markdown-robot-key', id).length > 0 ? bodiesAbout('markdown-robot-key', id) : undefined));
    const content = (posted!.body.markdown as { content: string }).content;
    // The robot refuses more than 4,096 bytes; this one took it.
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    expect(content).toContain('…');
    expect(content.match(/\]\(http/g)).toHaveLength(6);
  });

  it('marks a removed robot (93000) as failed with a clear reason, never retried, its key nowhere', async () => {
    const id = await postAlert(gong, { title: 'Nobody hears this', severity: 'info' });
    const [job] = await waitFor('the delivery to finish', async () => {
      const rows = await queryRows<{ state: string; retry_count: number }>(
        gong.gong.parts.database.db,
        sql`SELECT state, retry_count FROM pgboss.job WHERE name = 'card-deliver' AND (data->>'alertId')::int = ${id} AND data->>'chat' = 'removed'`,
      );
      return rows[0]?.state === 'completed' ? rows : undefined;
    });
    expect(job!.retry_count).toBe(0);
    const ready = (await (await fetch(`${gong.url}/readyz`)).json()) as { platforms: Array<Record<string, string>> };
    expect(ready.platforms).toContainEqual({
      platform: 'wecom',
      app: 'chat removed',
      state: 'failed',
      reason: expect.stringContaining('errcode 93000'),
    });
    const failure = logLines.find((line) => line.includes('card delivery failed permanently') && line.includes(`"alertId":${id}`));
    expect(JSON.parse(failure!)).toMatchObject({ chat: 'removed', code: '93000' });
    const everything = logLines.join('\n') + JSON.stringify(ready);
    for (const key of ['card-robot-key', 'markdown-robot-key', 'removed-robot-key']) expect(everything).not.toContain(key);
  });
});
