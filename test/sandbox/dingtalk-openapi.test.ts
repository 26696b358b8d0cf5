import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDingTalkServer, type DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import { post, tokenFor } from './dingtalk-http.js';

const APP = { clientId: 'dingapp1', clientSecret: 'secret-1' };
const OTHER = { clientId: 'dingapp2', clientSecret: 'secret-2' };

describe('local DingTalk OpenAPI', () => {
  let server: DingTalkServerHandle;
  let clock: number;
  let token: string;
  const api = (path: string, body: unknown, method = 'POST') =>
    post(`${server.url}${path}`, body, { 'x-acs-dingtalk-access-token': token }, method);
  const cardBody = (outTrackId: string, cardParamMap: Record<string, unknown>, group = 'cidOps') => ({
    cardTemplateId: 'tpl.schema',
    outTrackId,
    callbackType: 'STREAM',
    cardData: { cardParamMap },
    openSpaceId: `dtv1.card//IM_GROUP.${group}`,
    imGroupOpenSpaceModel: { supportForward: true },
    imGroupOpenDeliverModel: { robotCode: APP.clientId },
  });

  beforeEach(async () => {
    clock = 1_700_000_000_000;
    server = await startDingTalkServer({
      apps: [APP, OTHER],
      groups: [{ conversationId: 'cidOps' }, { conversationId: 'cidOther', robotCodes: [OTHER.clientId] }],
      now: () => clock,
    });
    token = await tokenFor(server.url, APP.clientId, APP.clientSecret);
  });
  afterEach(() => server.stop());

  it('issues tokens for valid credentials only', async () => {
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const bad = await post(`${server.url}/v1.0/oauth2/accessToken`, { appKey: APP.clientId, appSecret: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalidClientIdOrSecret' });
    expect(typeof bad.body.requestid).toBe('string');
  });

  it('refuses calls without a valid, unexpired token', async () => {
    const missing = await post(`${server.url}/v1.0/card/instances`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('InvalidAuthentication');
    clock += 7200 * 1000;
    const expired = await api('/v1.0/card/instances', cardBody('t1', {}));
    expect(expired.body.code).toBe('InvalidAuthentication');
  });

  it('answers 403 QpsLimit when switched on, and at the 21st call in one second', async () => {
    server.setQpsLimited(true);
    const limited = await api('/v1.0/card/instances', cardBody('q0', {}));
    expect(limited.status).toBe(403);
    expect(limited.body.code).toBe('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
    server.setQpsLimited(false);

    // The refused call did not count: twenty more pass within the same second, the 21st does not.
    for (let i = 1; i <= 20; i++) expect((await api('/v1.0/card/instances', cardBody(`q${i}`, {}))).status).toBe(200);
    expect((await api('/v1.0/card/instances', cardBody('q21', {}))).body.code).toBe('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
    // Another API has its own budget; the next second resets this one.
    expect((await api('/v1.0/robot/groupMessages/send', { robotCode: APP.clientId, openConversationId: 'cidOps', msgKey: 'sampleText', msgParam: '{"content":"hi"}' })).status).toBe(200);
    clock += 1001;
    expect((await api('/v1.0/card/instances', cardBody('q22', {}))).status).toBe(200);
  });

  it('creates and delivers a card into the group and reports it in the timeline', async () => {
    const res = await api('/v1.0/card/instances/createAndDeliver', cardBody('alert-1-cidOps', { title: 'CPU', state: 'triggered' }));
    expect(res.status).toBe(200);
    expect(res.body.result.outTrackId).toBe('alert-1-cidOps');
    expect(res.body.result.deliverResults).toMatchObject([{ spaceType: 'IM_GROUP', spaceId: 'cidOps', success: true }]);
    expect(server.card('alert-1-cidOps')).toEqual({ title: 'CPU', state: 'triggered' });
    expect(server.groupMessages('cidOps')).toMatchObject([{ kind: 'card', outTrackId: 'alert-1-cidOps' }]);
    expect(server.callCount('POST /v1.0/card/instances/createAndDeliver')).toBe(1);
  });

  it('refuses non-string cardParamMap values, naming the key, and creates nothing', async () => {
    const res = await api('/v1.0/card/instances/createAndDeliver', cardBody('bad', { title: 'x', count: 3 }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('param.invalidCardParamMap');
    expect(res.body.message).toContain('cardData.cardParamMap.count');
    expect(server.card('bad')).toBeUndefined();
    expect(server.groupMessages('cidOps')).toHaveLength(0);
  });

  it('refuses a duplicate outTrackId without posting a second card', async () => {
    await api('/v1.0/card/instances/createAndDeliver', cardBody('dup', { title: 'a' }));
    const again = await api('/v1.0/card/instances/createAndDeliver', cardBody('dup', { title: 'b' }));
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('param.cardAlreadyExist');
    expect(server.card('dup')).toEqual({ title: 'a' });
    expect(server.groupMessages('cidOps')).toHaveLength(1);
  });

  it('reports failed delivery to unknown groups and groups without the robot', async () => {
    const unknown = await api('/v1.0/card/instances/createAndDeliver', cardBody('u1', {}, 'cidNowhere'));
    expect(unknown.body.result.deliverResults[0]).toMatchObject({ success: false, errorMsg: expect.stringContaining('does not exist') });
    const notMember = await api('/v1.0/card/instances/createAndDeliver', cardBody('u2', {}, 'cidOther'));
    expect(notMember.body.result.deliverResults[0]).toMatchObject({ success: false, errorMsg: expect.stringContaining('not in group') });
    expect(server.groupMessages('cidOther')).toHaveLength(0);
  });

  it('creates and delivers in two steps', async () => {
    const { cardTemplateId, outTrackId, callbackType, cardData } = cardBody('two', { title: 't' });
    expect((await api('/v1.0/card/instances', { cardTemplateId, outTrackId, callbackType, cardData })).body.result).toBe('two');
    expect(server.groupMessages('cidOps')).toHaveLength(0);
    const delivered = await api('/v1.0/card/instances/deliver', {
      outTrackId: 'two',
      openSpaceId: 'dtv1.card//IM_GROUP.cidOps',
      imGroupOpenDeliverModel: { robotCode: APP.clientId },
    });
    expect(delivered.body.result).toMatchObject([{ spaceId: 'cidOps', success: true }]);
    expect(server.groupMessages('cidOps')).toMatchObject([{ kind: 'card', outTrackId: 'two' }]);
  });

  it('updates by key or replaces, and refuses unknown or foreign cards', async () => {
    await api('/v1.0/card/instances/createAndDeliver', cardBody('upd', { title: 'CPU', state: 'triggered' }));
    const merged = await api('/v1.0/card/instances', { outTrackId: 'upd', cardData: { cardParamMap: { state: 'acked' } }, cardUpdateOptions: { updateCardDataByKey: true } }, 'PUT');
    expect(merged.body).toEqual({ success: true, result: true });
    expect(server.card('upd')).toEqual({ title: 'CPU', state: 'acked' });
    await api('/v1.0/card/instances', { outTrackId: 'upd', cardData: { cardParamMap: { state: 'resolved' } } }, 'PUT');
    expect(server.card('upd')).toEqual({ state: 'resolved' });

    const nonString = await api('/v1.0/card/instances', { outTrackId: 'upd', cardData: { cardParamMap: { visible: true } } }, 'PUT');
    expect(nonString.body).toMatchObject({ code: 'param.invalidCardParamMap', message: expect.stringContaining('visible') });
    const unknown = await api('/v1.0/card/instances', { outTrackId: 'nope', cardData: { cardParamMap: {} } }, 'PUT');
    expect(unknown.body.code).toBe('param.cardNotExist');
    token = await tokenFor(server.url, OTHER.clientId, OTHER.clientSecret);
    const foreign = await api('/v1.0/card/instances', { outTrackId: 'upd', cardData: { cardParamMap: {} } }, 'PUT');
    expect(foreign.body.code).toBe('param.cardNotExist');
  });

  it('sends and recalls robot group messages, validating msgKey and msgParam', async () => {
    const send = (msgKey: string, msgParam: unknown) =>
      api('/v1.0/robot/groupMessages/send', { robotCode: APP.clientId, openConversationId: 'cidOps', msgKey, msgParam });
    const ok = await send('sampleMarkdown', JSON.stringify({ title: 'alert', text: '**CPU**' }));
    expect(typeof ok.body.processQueryKey).toBe('string');
    expect((await send('sampleFancy', '{}')).body.code).toBe('InvalidParameter.MsgKey');
    expect((await send('sampleMarkdown', { title: 't', text: 'x' })).body.code).toBe('InvalidParameter.MsgParam');
    expect((await send('sampleMarkdown', JSON.stringify({ title: 't' }))).body.message).toContain('text');
    expect((await send('sampleText', JSON.stringify({ content: 'x'.repeat(15001) }))).body.message).toContain('15000');
    const card2 = await send('sampleActionCard2', JSON.stringify({ title: 't', text: 'x', actionTitle1: 'Ack', actionURL1: 'https://a', actionTitle2: 'Resolve' }));
    expect(card2.body.message).toContain('actionURL2');
    const foreignGroup = await api('/v1.0/robot/groupMessages/send', { robotCode: APP.clientId, openConversationId: 'cidOther', msgKey: 'sampleText', msgParam: '{"content":"x"}' });
    expect(foreignGroup.body.code).toBe('robot.notInGroup');

    const recall = await api('/v1.0/robot/groupMessages/recall', { robotCode: APP.clientId, openConversationId: 'cidOps', processQueryKeys: [ok.body.processQueryKey, 'missing'] });
    expect(recall.body).toEqual({ successResult: [ok.body.processQueryKey], failedResult: { missing: 'message not found' } });
    expect(server.groupMessages('cidOps')).toMatchObject([{ kind: 'robot', msgKey: 'sampleMarkdown', recalled: true, msgParam: { title: 'alert' } }]);
  });

  it('fails planned calls with the injected fault, then recovers', async () => {
    server.injectFault({ endpoint: 'PUT /v1.0/card/instances', status: 503, code: 'ServiceUnavailable', times: 1 });
    await api('/v1.0/card/instances/createAndDeliver', cardBody('f1', { a: '1' }));
    const failed = await api('/v1.0/card/instances', { outTrackId: 'f1', cardData: { cardParamMap: { a: '2' } } }, 'PUT');
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe('ServiceUnavailable');
    expect((await api('/v1.0/card/instances', { outTrackId: 'f1', cardData: { cardParamMap: { a: '2' } } }, 'PUT')).status).toBe(200);
  });

  it('emits change events for group messages and card updates', async () => {
    const seen: string[] = [];
    const off = server.on('change', (e) => seen.push(e.type));
    await api('/v1.0/card/instances/createAndDeliver', cardBody('ev', { a: '1' }));
    await api('/v1.0/card/instances', { outTrackId: 'ev', cardData: { cardParamMap: { a: '2' } } }, 'PUT');
    off();
    await api('/v1.0/card/instances', { outTrackId: 'ev', cardData: { cardParamMap: { a: '3' } } }, 'PUT');
    expect(seen).toEqual(['message', 'card']);
  });
});
