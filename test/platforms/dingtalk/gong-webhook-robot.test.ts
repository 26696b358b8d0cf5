import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { dingtalkWebhookChannel } from '../../../src/platforms/dingtalk/webhook-channel.js';
import type { DingTalkServerHandle } from '../../../src/sandbox/dingtalk/server.js';
import { type TestGong, waitFor } from '../../helpers/gong.js';
import { capturingLogger } from '../../helpers/logger.js';
import { type SandboxGong, startSandboxGong } from '../../helpers/sandbox-gong.js';
import { alertDetail, postAlert, SOURCE } from './gong-fixture.js';

const APP = { clientId: 'dingplainapp', clientSecret: 'plain-app-secret' };
const SECRET = 'SEC0123456789abcdef';
const WRONG_SECRET = 'SECwrongwrongwrong';

interface ActionCard {
  title: string;
  text: string;
  btns: Array<{ title: string; actionURL: string }>;
}

describe('Gong with DingTalk custom robots and a template-less app robot', () => {
  let running: SandboxGong;
  let server: DingTalkServerHandle;
  let gong: TestGong;
  const { logger, lines: logLines } = capturingLogger();
  const robotBodies = (token: string) => server.robotMessages(token).map((m) => m.body);
  const localUrl = (link: string) => `${gong.url}${new URL(link).pathname}`;

  beforeAll(async () => {
    running = await startSandboxGong({
      sources: [SOURCE],
      logger,
      dingtalk: {
        apps: [APP],
        groups: [{ conversationId: 'cidPlain' }],
        robots: [
          { accessToken: 'signed-robot', secret: SECRET, keywords: ['alert'], conversationId: 'cidHook' },
          { accessToken: 'zh-robot', keywords: ['告警'] },
          { accessToken: 'wrong-secret-robot', secret: SECRET },
        ],
      },
      config: ({ dingtalk }) => ({
        dingtalk: { ...APP, apiBase: dingtalk.url },
        chats: [
          { name: 'hook', type: 'dingtalk-webhook', webhook: `${dingtalk.url}/robot/send?access_token=signed-robot`, secret: SECRET },
          { name: 'zh', type: 'dingtalk-webhook', webhook: `${dingtalk.url}/robot/send?access_token=zh-robot`, keywords: ['告警'] },
          { name: 'bad', type: 'dingtalk-webhook', webhook: `${dingtalk.url}/robot/send?access_token=wrong-secret-robot`, secret: WRONG_SECRET },
          { name: 'gone', type: 'dingtalk-webhook', webhook: `${dingtalk.url}/robot/send?access_token=deleted-robot` },
          { name: 'plain', type: 'dingtalk', conversationId: 'cidPlain' },
        ],
      }),
    });
    ({ dingtalk: server, gong } = running);
  });

  afterAll(async () => {
    await running?.close();
  });

  it('posts a signed actionCard with a keyword and signed action links; GET shows, POST acknowledges', async () => {
    const id = await postAlert(gong, { title: 'Disk full on db-1', severity: 'critical', labels: { instance: 'db-1' } });
    const [body] = await waitFor('the signed robot message', async () => (robotBodies('signed-robot').length > 0 ? robotBodies('signed-robot') : undefined));
    expect(body!.msgtype).toBe('actionCard');
    const actionCard = body!.actionCard as ActionCard;
    expect(actionCard.title).toContain(`#${id} Disk full on db-1`);
    // None of the robot's keywords was in the alert: the default keyword was added (the server checked it).
    expect(actionCard.text).toMatch(/^### alert 🔴/);
    expect(actionCard.btns.map((b) => b.title)).toEqual(['Acknowledge', 'Resolve', 'Assign to me', 'Snooze 30m', 'Snooze 2h', 'Snooze 1d']);
    for (const button of actionCard.btns) expect(new URL(button.actionURL).pathname).toMatch(/^\/a\/[\w-]+\.[\w-]+$/);

    const ackLink = localUrl(actionCard.btns[0]!.actionURL);
    const page = await fetch(ackLink);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Disk full on db-1');
    expect((await alertDetail(gong, id)).state).toBe('triggered');

    const done = await fetch(ackLink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'actor=Wang+Fang' });
    expect(done.status).toBe(200);
    const alert = await alertDetail(gong, id);
    expect(alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Wang Fang' });
    expect(alert.timeline.at(-1)).toMatchObject({ type: 'acknowledged', actor: 'Wang Fang', platform: 'dingtalk' });

    // A robot message cannot be edited: the change arrives as a short follow-up with the links that apply now.
    const followUp = await waitFor('the follow-up message', async () => robotBodies('signed-robot')[1]);
    expect(followUp.msgtype).toBe('markdown');
    const markdown = followUp.markdown as { text: string };
    expect(markdown.text).toContain('Acknowledged by Wang Fang');
    expect(markdown.text).toContain('[Resolve](');
    expect(markdown.text).not.toContain('[Acknowledge](');
  });

  it("keeps a message that already holds the robot's own keyword as it is", async () => {
    const id = await postAlert(gong, { title: '告警 CPU high', severity: 'warning' });
    const body = await waitFor('the zh robot message', async () =>
      robotBodies('zh-robot').find((b) => (b.actionCard as ActionCard | undefined)?.title.includes(`#${id} `)),
    );
    expect((body.actionCard as ActionCard).text).toMatch(/^### 🟠 #\d+ 告警 CPU high/);
  });

  it('marks a refused signature or a deleted robot as permanent: logged without secrets, never retried', async () => {
    const id = await postAlert(gong, { title: 'Refused somewhere', severity: 'info' });
    const jobs = await waitFor('both deliveries to finish', async () => {
      const rows = await queryRows<{ chat: string; state: string; retry_count: number }>(
        gong.gong.parts.database.db,
        sql`SELECT data->>'chat' AS chat, state, retry_count FROM pgboss.job
            WHERE name = 'card-deliver' AND (data->>'alertId')::int = ${id} AND data->>'chat' IN ('bad', 'gone')`,
      );
      return rows.length === 2 && rows.every((r) => r.state === 'completed') ? rows : undefined;
    });
    expect(jobs.map((j) => j.retry_count)).toEqual([0, 0]);
    expect(server.robotMessages('wrong-secret-robot')).toHaveLength(0);

    const failures = logLines.filter((line) => line.includes('card delivery failed permanently') && line.includes(`"alertId":${id}`));
    expect(failures.map((line) => JSON.parse(line)).map((l) => [l.chat, l.code]).sort()).toEqual([
      ['bad', '310000'],
      ['gone', '300005'],
    ]);
    const everything = logLines.join('\n');
    // The chat's status says what is wrong until a message gets through again.
    const channel = dingtalkWebhookChannel({ name: 'bad', webhook: `${server.url}/robot/send?access_token=wrong-secret-robot`, secret: WRONG_SECRET }, () => () => 'https://x');
    expect(channel.status()).toBeUndefined();
    const view = gong.gong.parts.views((await gong.gong.parts.alerts.get(id))!);
    await expect(channel.postAlert(view, 'key')).rejects.toMatchObject({ code: '310000', retryable: false });
    expect(channel.status()).toEqual({ platform: 'dingtalk', app: 'chat bad', state: 'failed', reason: expect.stringContaining('sign not match') });
    expect(JSON.stringify(channel.status())).not.toContain(WRONG_SECRET);
    for (const secret of [SECRET, WRONG_SECRET, 'wrong-secret-robot', 'deleted-robot', APP.clientSecret]) expect(everything).not.toContain(secret);
  });

  it('without a card template, sends markdown with signed links through the app robot, then follow-ups', async () => {
    const id = await postAlert(gong, { title: 'Replication lag', severity: 'warning' });
    // Every alert of this file reaches the group; keep the messages about this one.
    const robot = (i: number) =>
      server.groupMessages('cidPlain').flatMap((m) => (m.kind === 'robot' && String(m.msgParam.text).includes(`#${id} `) ? [m] : []))[i];
    const first = await waitFor('the group message', async () => robot(0));
    expect(first).toMatchObject({ kind: 'robot', msgKey: 'sampleMarkdown' });
    const text = String(first.msgParam.text);
    expect(text).toContain(`#${id} Replication lag`);
    const resolve = /\[Resolve\]\((http[^)]+)\)/.exec(text)![1]!;
    expect((await fetch(localUrl(resolve), { method: 'POST', body: 'actor=Zhao' })).status).toBe(200);
    const followUp = await waitFor('the follow-up group message', async () => robot(1));
    expect(String(followUp.msgParam.text)).toContain('Resolved by Zhao');
    const card = await queryRows<{ ref: string }>(gong.gong.parts.database.db, sql`SELECT ref FROM cards WHERE alert_id = ${id} AND chat = 'plain'`);
    expect(card[0]?.ref).toMatch(/\S+/);
  });
});
