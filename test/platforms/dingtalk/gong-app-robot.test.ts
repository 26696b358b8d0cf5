import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCardAction } from '../../../src/platforms/dingtalk/card-actions.js';
import { startDingTalk } from '../../../src/platforms/dingtalk/dingtalk-platform.js';
import { UserNames } from '../../../src/platforms/dingtalk/user-names.js';
import type { DingTalkServerHandle } from '../../../src/sandbox/dingtalk/server.js';
import { type TestGong, waitFor } from '../../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../../helpers/sandbox-gong.js';
import { alertDetail, postAlert, sessionReplies, SOURCE } from './gong-fixture.js';

const APP = { clientId: 'dinggongapp', clientSecret: 'gong-app-secret' };
const TEMPLATE_VARIABLES = (JSON.parse(readFileSync('templates/dingtalk/alert-card.json', 'utf8')) as { variables: { name: string }[] }).variables
  .map((v) => v.name)
  .sort();

describe('Gong with a DingTalk app robot and a card template (real Stream SDK, local DingTalk)', () => {
  let running: SandboxGong;
  let server: DingTalkServerHandle;
  let gong: TestGong;
  const card = (id: number, chat: string) => server.card(`gong-${id}-${chat}`);
  const waitForCard = (id: number, chat: string, state: string) =>
    waitFor(`card of #${id} in ${chat} to show ${state}`, async () => (card(id, chat)?.state === state ? card(id, chat) : undefined));
  const replies = () => sessionReplies(server.groupMessages('cidOps'));
  const say = async (text: string, userId = 'u-li', nick = 'Li Lei') => {
    const before = replies().length;
    await server.say({ conversationId: 'cidOps', userId, nick, text, atRobot: true });
    return waitFor(`a reply to "${text}"`, async () => replies()[before]);
  };

  beforeAll(async () => {
    running = await startSandboxGong({
      sources: [SOURCE],
      dingtalk: { apps: [APP], groups: [{ conversationId: 'cidOps' }, { conversationId: 'cidDb' }], redeliverAfterMs: 300 },
      config: ({ dingtalk }) => ({
        dingtalk: { ...APP, cardTemplateId: 'gong-alert.schema', apiBase: dingtalk.url },
        chats: [
          { name: 'ops', type: 'dingtalk', conversationId: 'cidOps' },
          // A group of its own language: its replies and notices are worded in Chinese.
          { name: 'db', type: 'dingtalk', conversationId: 'cidDb', locale: 'zh-CN' },
        ],
      }),
    });
    ({ dingtalk: server, gong } = running);
  });

  afterAll(async () => {
    await running?.close();
  });

  it('posts a new alert as a card with every template variable into both groups', async () => {
    const id = await postAlert(gong, {
      title: 'HighCPU on web-3',
      severity: 'critical',
      labels: { alertname: 'HighCPU', instance: 'web-3', job: 'node' },
      description: 'CPU *above* 95%',
      url: 'https://prom.example/graph',
    });
    const params = await waitFor('the card in ops', async () => card(id, 'ops'));
    expect(Object.keys(params).sort()).toEqual(TEMPLATE_VARIABLES);
    expect(params).toMatchObject({
      title: 'HighCPU on web-3',
      severity: 'critical',
      severityEmoji: '🔴',
      state: 'triggered',
      stateText: 'Triggered',
      alertId: `#${id}`,
      assignee: '-',
      source: SOURCE.name,
      summary: 'CPU &#42;above&#42; 95%',
      escalation: '',
      links: '[Source graph](https://prom.example/graph)',
      buttonsVisible: 'true',
      ackVisible: 'true',
    });
    // Shown labels leave out alertname and severity (already the title and the colour); stored order is the database's.
    expect(params.labels!.split('\n').sort()).toEqual(['instance=web-3', 'job=node']);
    expect(params.startedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    await waitFor('the card in db', async () => card(id, 'db'));
    expect(server.groupMessages('cidDb')).toMatchObject([{ kind: 'card', outTrackId: `gong-${id}-db` }]);
  });

  it('acknowledges on a click, answers with the new card, records the DingTalk user and updates the other group', async () => {
    const id = await postAlert(gong, { title: 'Disk full on db-1', severity: 'warning', labels: { instance: 'db-1' } });
    await waitFor('both cards', async () => (card(id, 'ops') && card(id, 'db') ? true : undefined));
    // Li Lei wrote to the robot before, so Gong knows the name behind the userId.
    expect((await say('help')).text).toContain('Gong commands');

    const response = (await server.click({ userId: 'u-li', outTrackId: `gong-${id}-ops`, params: { action: 'ack' } })) as {
      cardData: { cardParamMap: Record<string, string> };
      cardUpdateOptions: Record<string, boolean>;
    };
    expect(response.cardUpdateOptions).toEqual({ updateCardDataByKey: true, updatePrivateDataByKey: true });
    // DingTalk has no toast: the clicker alone sees what the click did, on the card.
    expect(server.cardPrivateData(`gong-${id}-ops`, 'u-li')).toEqual({ clickResult: expect.stringMatching(new RegExp(`^#${id} Acknowledged by Li Lei at \\d\\d:\\d\\d$`)) });
    expect(response.cardData.cardParamMap).toMatchObject({ state: 'acknowledged', ackVisible: 'false', buttonsVisible: 'true' });
    expect(response.cardData.cardParamMap.stateText).toMatch(/^Acknowledged by Li Lei at \d\d:\d\d$/);
    expect(card(id, 'ops')?.state).toBe('acknowledged');

    const alert = await alertDetail(gong, id);
    expect(alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Li Lei' });
    expect(alert.timeline.map((e) => [e.type, e.actor, e.platform])).toEqual([
      ['opened', SOURCE.name, 'source'],
      ['acknowledged', 'Li Lei', 'dingtalk'],
    ]);
    expect(alert.timeline[1]!.details).toMatchObject({ actorId: 'u-li' });

    const other = await waitForCard(id, 'db', 'acknowledged');
    expect(other.stateText).toContain('Li Lei');
  });

  it('names a clicker who never wrote to the robot by userId, and snoozes with the button duration', async () => {
    const id = await postAlert(gong, { title: 'Queue backlog', severity: 'info' });
    await waitFor('the card in ops', async () => card(id, 'ops'));
    const response = (await server.click({ userId: 'u-stranger', outTrackId: `gong-${id}-ops`, params: { action: 'snooze', duration: '2h' } })) as {
      cardData: { cardParamMap: Record<string, string> };
    };
    expect(response.cardData.cardParamMap).toMatchObject({ state: 'snoozed' });
    const alert = await alertDetail(gong, id);
    expect(Date.parse(alert.snoozedUntil!) - Date.now()).toBeGreaterThan(119 * 60_000);
    expect(alert.timeline.at(-1)).toMatchObject({ type: 'snoozed', actor: 'u-stranger', platform: 'dingtalk', details: { duration: '2h' } });
    await waitForCard(id, 'db', 'snoozed');
  });

  it('does nothing more for a redelivered click, on this instance or another', async () => {
    const id = await postAlert(gong, { title: 'Memory leak', severity: 'critical' });
    await waitFor('the card in ops', async () => card(id, 'ops'));
    // The first ACK is lost on the way: DingTalk delivers the same click (same messageId) again.
    server.dropNextAcks(1);
    const response = (await server.click({ userId: 'u-li', outTrackId: `gong-${id}-ops`, params: { action: 'resolve' } })) as {
      cardData: { cardParamMap: Record<string, string> };
    };
    expect(response.cardData.cardParamMap.state).toBe('resolved');
    const ack = server.acks().at(-1)!;
    // At least once more; on a slow machine the platform may redeliver again before an ACK lands.
    expect(server.deliveries(ack.messageId)).toBeGreaterThanOrEqual(2);

    // Another Gong instance (no memory of this click) receives the same messageId: the database dedupes.
    const elsewhere = answerCardAction(gong.gong.dispatch, 'dingtalk', new UserNames(), gong.gong.parts.logger);
    const again = await elsewhere({ outTrackId: `gong-${id}-ops`, userId: 'u-li', params: { action: 'resolve' }, actionIds: ['resolve'], spaceId: 'cidOps', messageId: ack.messageId, raw: {} });
    expect(again.cardData?.cardParamMap.state).toBe('resolved');

    const alert = await alertDetail(gong, id);
    expect(alert.version).toBe(2);
    expect(alert.timeline.map((e) => e.type)).toEqual(['opened', 'resolved']);

    // A second, separate click on the resolved alert is refused and still redraws the card truthfully.
    const late = (await server.click({ userId: 'u-wang', outTrackId: `gong-${id}-ops`, params: { action: 'ack' } })) as {
      cardData: { cardParamMap: Record<string, string> };
    };
    expect(late.cardData.cardParamMap).toMatchObject({ state: 'resolved', buttonsVisible: 'false', severityEmoji: '✅' });
    expect((await alertDetail(gong, id)).version).toBe(2);
  });

  it('answers commands in the group through the session webhook, @-mentioning the sender', async () => {
    const id = await postAlert(gong, { title: 'Latency SLO burn', severity: 'critical' });
    await waitFor('the card in ops', async () => card(id, 'ops'));

    const ack = await say(`ack ${id}`, 'u-han', 'Han Meimei');
    expect(ack.mentioned).toEqual(['u-han']);
    expect(ack.text).toMatch(new RegExp(`^@u-han #${id} Latency SLO burn: acknowledged`));
    expect(await alertDetail(gong, id)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Han Meimei' });
    // The command came from no card, so both cards are refreshed by jobs.
    await waitForCard(id, 'ops', 'acknowledged');
    await waitForCard(id, 'db', 'acknowledged');

    const snooze = await say(`/snooze ${id} 2h`, 'u-han', 'Han Meimei');
    expect(snooze.text).toContain(`#${id} Latency SLO burn: snoozed`);
    expect((await alertDetail(gong, id)).timeline.at(-1)).toMatchObject({ type: 'snoozed', actor: 'Han Meimei', platform: 'dingtalk' });

    const unknown = await say('ack 999', 'u-han', 'Han Meimei');
    expect(unknown.text).toContain('There is no incident #999. Send `list` to see the open incidents.');
    expect(unknown.mentioned).toEqual(['u-han']);

    const list = await say('list');
    expect(list.text).toContain('**Open incidents**');
    expect(list.text).toContain(`#${id} Latency SLO burn`);

    expect((await say('frobnicate 42')).text).not.toBe('');
    expect((await say('help')).text).toContain('`ack <id>`');
  });

  it('reconnects after the server drops the socket, and clicks still work', async () => {
    const id = await postAlert(gong, { title: 'Flapping link', severity: 'warning' });
    await waitFor('the card in ops', async () => card(id, 'ops'));
    const gatewayCalls = server.callCount('POST /v1.0/gateway/connections/open');
    server.dropConnections();
    await waitFor('the Stream connection to come back', async () =>
      server.callCount('POST /v1.0/gateway/connections/open') > gatewayCalls && server.connectionCount(APP.clientId) === 1 ? true : undefined,
    );
    const response = (await server.click({ userId: 'u-li', outTrackId: `gong-${id}-ops`, params: { action: 'ack' } })) as {
      cardData: { cardParamMap: Record<string, string> };
    };
    expect(response.cardData.cardParamMap.state).toBe('acknowledged');
    expect((await alertDetail(gong, id)).state).toBe('acknowledged');
  });

  it('answers and notifies each group in its own language', async () => {
    const before = sessionReplies(server.groupMessages('cidDb')).length;
    await server.say({ conversationId: 'cidDb', userId: 'u-li', nick: 'Li Lei', text: 'ack 999999', atRobot: true });
    const reply = await waitFor('the reply in db', async () => sessionReplies(server.groupMessages('cidDb'))[before]);
    expect(reply.text).toBe('@u-li 没有故障 #999999。发送 `list` 查看未恢复的故障。');
    expect((await say('ack 999999')).text).toBe('@u-li There is no incident #999999. Send `list` to see the open incidents.');

    await gong.api('/api/v1/chats/db/test', { method: 'POST' });
    await gong.api('/api/v1/chats/ops/test', { method: 'POST' });
    const robotTexts = (group: string) => server.groupMessages(group).flatMap((m) => (m.kind === 'robot' ? [String(m.msgParam.text)] : []));
    expect(robotTexts('cidDb').at(-1)).toBe('#### Gong 测试消息\n\n看到这条消息，说明 Gong 可以向本群发送告警卡片。');
    expect(robotTexts('cidOps').at(-1)).toBe('#### Gong test message\n\nIf you can read this, Gong can post alert cards to this chat.');
  });

  it('answers clicks and refuses commands in a Chinese group in Chinese', async () => {
    const id = await postAlert(gong, { title: 'Slow queries on db-2', severity: 'warning' });
    await waitFor('the card in db', async () => card(id, 'db'));
    const dbReply = async (text: string) => {
      const before = sessionReplies(server.groupMessages('cidDb')).length;
      await server.say({ conversationId: 'cidDb', userId: 'u-li', nick: 'Li Lei', text, atRobot: true });
      return (await waitFor(`a reply to "${text}" in db`, async () => sessionReplies(server.groupMessages('cidDb'))[before])).text;
    };
    expect(await dbReply(`ack ${id}`)).toMatch(new RegExp(`^@u-li #${id} Slow queries on db-2：Li Lei 于 \\d\\d:\\d\\d 认领。$`));

    const outTrackId = `gong-${id}-db`;
    await server.click({ userId: 'u-zhao', outTrackId, params: { action: 'ack' } });
    expect(server.cardPrivateData(outTrackId, 'u-zhao')?.clickResult).toMatch(new RegExp(`^#${id}：Li Lei 已于 \\d\\d:\\d\\d 认领$`));
    await server.click({ userId: 'u-li', outTrackId, params: { action: 'snooze', duration: '2h' } });
    expect(server.cardPrivateData(outTrackId, 'u-li')?.clickResult).toMatch(new RegExp(`^#${id} 已静默至 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`));
    await server.click({ userId: 'u-li', outTrackId, params: { action: 'resolve' } });
    expect(server.cardPrivateData(outTrackId, 'u-li')?.clickResult).toMatch(new RegExp(`^#${id} Li Lei 于 \\d\\d:\\d\\d 解决$`));
    // Each clicker keeps their own answer; the card itself shows the final state to everyone.
    expect(server.cardPrivateData(outTrackId, 'u-zhao')?.clickResult).toMatch(/认领$/);
    expect(card(id, 'db')?.stateText).toMatch(/^Li Lei 于 \d\d:\d\d 解决/);

    expect(await dbReply(`resolve ${id}`)).toMatch(new RegExp(`^@u-li #${id} Slow queries on db-2：Li Lei 已于 \\d\\d:\\d\\d 解决。$`));
    expect(await dbReply(`unack ${id}`)).toBe(`@u-li #${id} Slow queries on db-2：还没有人认领（当前：已恢复）。`);
  });

  it('reports each app on status() and stops for good', async () => {
    const { config } = gong.gong.parts;
    const runtime = await startDingTalk({
      logger: gong.gong.parts.logger,
      inbound: { dispatch: gong.gong.dispatch, budget: { reply: (_to, send) => send(), take: async () => ({ ok: false }) } },
      config: { ...config, dingtalk: [{ name: 'good', ...APP, apiBase: server.url }, { name: 'bad', clientId: APP.clientId, clientSecret: 'wrong', apiBase: server.url }] },
    });
    expect(runtime.status()).toEqual([
      { platform: 'dingtalk', app: 'good', state: 'connected' },
      { platform: 'dingtalk', app: 'bad', state: 'auth_failed', reason: expect.stringContaining('401') },
    ]);
    expect(JSON.stringify(runtime.status())).not.toContain('wrong');
    const connections = server.connectionCount(APP.clientId);
    await runtime.stop();
    expect(runtime.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    await waitFor('the stopped connection to close', async () => (server.connectionCount(APP.clientId) === connections - 1 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(server.connectionCount(APP.clientId)).toBe(connections - 1);
  });
});
