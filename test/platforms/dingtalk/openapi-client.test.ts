import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDingTalkServer, type DingTalkServerHandle } from '../../../src/sandbox/dingtalk/server.js';
import { DingTalkError } from '../../../src/platforms/dingtalk/errors.js';
import { DingTalkOpenApi } from '../../../src/platforms/dingtalk/openapi-client.js';
import { dingtalkAppChannel } from '../../../src/platforms/dingtalk/app-channel.js';
import type { AlertView } from '../../../src/platforms/alert-view.js';
import { budgetedChannel } from '../../../src/delivery/budgeted-channel.js';
import { chatDelivery } from '../../../src/delivery/chat-delivery.js';
import { Deferral } from '../../../src/db/deferral.js';
import { createRateBudget } from '../../../src/delivery/rate-budget.js';
import { testDatabase } from '../../helpers/database.js';

const APP = { clientId: 'dingopen', clientSecret: 'very-secret-value' };
const TOKEN_CALL = 'POST /v1.0/oauth2/accessToken';

async function failure(promise: Promise<unknown>): Promise<DingTalkError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DingTalkError);
  return err as DingTalkError;
}

describe('DingTalkOpenApi against the local DingTalk', () => {
  let server: DingTalkServerHandle;
  let clock: number;
  let api: DingTalkOpenApi;
  const deliver = (outTrackId: string, cardParamMap: Record<string, string>, openConversationId = 'cidOps') =>
    api.createAndDeliverCard({ cardTemplateId: 'tpl.schema', outTrackId, openConversationId, cardParamMap, atUserIds: { u1: 'Li Lei' } });

  beforeEach(async () => {
    clock = 1_700_000_000_000;
    server = await startDingTalkServer({ apps: [APP], groups: [{ conversationId: 'cidOps' }], now: () => clock });
    api = new DingTalkOpenApi({ ...APP, apiBase: server.url, now: () => clock });
  });
  afterEach(() => server.stop());

  it('creates and delivers a Stream card into the group', async () => {
    expect(await deliver('alert-1-cidOps', { title: 'CPU high', state: 'triggered' })).toEqual({ outTrackId: 'alert-1-cidOps', alreadyExisted: false });
    expect(server.card('alert-1-cidOps')).toEqual({ title: 'CPU high', state: 'triggered' });
    expect(server.groupMessages('cidOps')).toMatchObject([{ kind: 'card', outTrackId: 'alert-1-cidOps', robotCode: APP.clientId, atUserIds: { u1: 'Li Lei' } }]);
  });

  it('counts a retried create as success, without a second card', async () => {
    await deliver('retry', { state: 'triggered' });
    expect(await deliver('retry', { state: 'triggered' })).toEqual({ outTrackId: 'retry', alreadyExisted: true });
    expect(server.groupMessages('cidOps')).toHaveLength(1);
  });

  it('reports a delivery the platform refused as a permanent error', async () => {
    const err = await failure(deliver('nowhere', {}, 'cidUnknown'));
    expect(err).toMatchObject({ code: 'deliverFailed', retryable: false });
    expect(err.message).toContain('cidUnknown');
  });

  it('merges updates by key, or replaces when asked', async () => {
    await deliver('upd', { title: 'CPU', state: 'triggered' });
    await api.updateCard('upd', { state: 'acknowledged' });
    expect(server.card('upd')).toEqual({ title: 'CPU', state: 'acknowledged' });
    await api.updateCard('upd', { state: 'resolved' }, { replace: true });
    expect(server.card('upd')).toEqual({ state: 'resolved' });
  });

  it('turns parameter errors into permanent DingTalkErrors with the platform code', async () => {
    const err = await failure(api.updateCard('missing', { state: 'x' }));
    expect(err).toMatchObject({ code: 'param.cardNotExist', httpStatus: 400, retryable: false });
    const bad = await failure(deliver('typed', { count: 3 as unknown as string }));
    expect(bad).toMatchObject({ code: 'param.invalidCardParamMap', retryable: false });
    expect(bad.message).toContain('count');
  });

  it('marks throttling and server errors retryable', async () => {
    server.setQpsLimited(true);
    const throttled = await failure(api.updateCard('any', {}));
    expect(throttled).toMatchObject({ code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', httpStatus: 403, retryable: true, retryAfterMs: 1000 });
    server.setQpsLimited(false);
    server.injectFault({ endpoint: 'PUT /v1.0/card/instances', status: 502, code: 'BadGateway' });
    expect(await failure(api.updateCard('any', {}))).toMatchObject({ httpStatus: 502, retryable: true });
  });

  it('marks network failures and timeouts retryable', async () => {
    const down = new DingTalkOpenApi({ ...APP, apiBase: 'http://127.0.0.1:9', fetch: () => Promise.reject(new TypeError('fetch failed')) });
    expect(await failure(down.updateCard('x', {}))).toMatchObject({ code: 'network', retryable: true, httpStatus: undefined });
    const slow = new DingTalkOpenApi({
      ...APP,
      apiBase: server.url,
      timeoutMs: 20,
      fetch: (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    });
    expect(await failure(slow.updateCard('x', {}))).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('caches the token, renews it before expiry and after InvalidAuthentication', async () => {
    await deliver('t1', {});
    await api.updateCard('t1', { a: '1' });
    expect(server.callCount(TOKEN_CALL)).toBe(1);
    clock += 7200 * 1000 - 4 * 60 * 1000; // inside the 5-minute refresh margin
    await api.updateCard('t1', { a: '2' });
    expect(server.callCount(TOKEN_CALL)).toBe(2);
    server.expireTokens();
    await api.updateCard('t1', { a: '3' });
    expect(server.callCount(TOKEN_CALL)).toBe(3);
    expect(server.card('t1')).toEqual({ a: '3' });
  });

  it('shares one token request between concurrent calls', async () => {
    await Promise.all([deliver('c1', {}), deliver('c2', {}), deliver('c3', {})]);
    expect(server.callCount(TOKEN_CALL)).toBe(1);
  });

  it('never puts the secret or the token in error messages', async () => {
    const wrong = new DingTalkOpenApi({ ...APP, clientSecret: 'wrong-secret-value', apiBase: server.url });
    const err = await failure(wrong.updateCard('x', {}));
    expect(err).toMatchObject({ code: 'invalidClientIdOrSecret', retryable: false });
    expect(err.message).not.toContain('wrong-secret-value');
    let seenToken = '';
    const spying = new DingTalkOpenApi({
      ...APP,
      apiBase: server.url,
      fetch: (url, init) => {
        seenToken = new Headers(init?.headers).get('x-acs-dingtalk-access-token') ?? seenToken;
        return fetch(url, init);
      },
    });
    const failed = await failure(spying.updateCard('missing', {}));
    expect(seenToken).not.toBe('');
    expect(failed.message).not.toContain(seenToken);
  });

  it('sends and recalls group messages', async () => {
    const { processQueryKey } = await api.sendGroupMessage({ openConversationId: 'cidOps', msgKey: 'sampleMarkdown', msgParam: { title: 'alert', text: '**#42** CPU high' } });
    expect(server.groupMessages('cidOps')).toMatchObject([{ kind: 'robot', msgKey: 'sampleMarkdown', processQueryKey, msgParam: { text: '**#42** CPU high' } }]);
    expect(await api.recallGroupMessages('cidOps', [processQueryKey])).toEqual({ recalled: [processQueryKey], failed: {} });
    const tooLong = await failure(api.sendGroupMessage({ openConversationId: 'cidOps', msgKey: 'sampleText', msgParam: { content: 'x'.repeat(15000) } }));
    expect(tooLong).toMatchObject({ code: 'msgParamTooLong', retryable: false });
    const twoButtons = await api.sendGroupMessage({
      openConversationId: 'cidOps',
      msgKey: 'sampleActionCard2',
      msgParam: { title: 't', text: 'x', actionTitle1: 'Ack', actionURL1: 'https://g/a/1', actionTitle2: 'Resolve', actionURL2: 'https://g/a/2' },
    });
    expect(twoButtons.processQueryKey).not.toBe('');
  });
});

describe('a DingTalk app under its 20 calls/s per API', () => {
  it('takes a burst through the fleet-wide budget: what does not fit waits, nothing draws a QpsLimit refusal', async () => {
    const server = await startDingTalkServer({ apps: [APP], groups: [{ conversationId: 'cidOps' }] });
    const database = await testDatabase();
    try {
      const api = new DingTalkOpenApi({ ...APP, apiBase: server.url });
      const chat = { name: 'ops', type: 'dingtalk' as const, conversationId: 'cidOps', publish: [], dailyStats: [] };
      // Two Gong processes sharing the database, each with its own channel to the same app.
      const channels = [0, 1].map(() => budgetedChannel(dingtalkAppChannel({ name: 'ops', conversationId: 'cidOps' }, api, 'tpl', () => () => 'https://gong.test/a'), chatDelivery(chat).destination, createRateBudget(database.db)));
      let pending = Array.from({ length: 45 }, (_, i) => i);
      let waits = 0;
      while (pending.length > 0) {
        const results = await Promise.allSettled(pending.map((i) => channels[i % 2]!.postAlert(view(i), `burst-${i}`)));
        const deferred = results.flatMap((r, j) => (r.status === 'rejected' ? [{ i: pending[j]!, reason: r.reason as unknown }] : []));
        for (const { reason } of deferred) expect(reason).toBeInstanceOf(Deferral);
        pending = deferred.map((d) => d.i);
        if (pending.length === 0) break;
        waits++;
        await new Promise((resolve) => setTimeout(resolve, Math.min(...deferred.map((d) => (d.reason as Deferral).afterMs))));
      }
      // 45 calls at 20/s cannot all go at once: some waited, and every card arrived once.
      expect(waits).toBeGreaterThanOrEqual(2);
      expect(server.callCount('POST /v1.0/card/instances/createAndDeliver')).toBe(45);
      expect(server.groupMessages('cidOps')).toHaveLength(45);
    } finally {
      await database.close();
      await server.stop();
    }
  });
});

const view = (id: number): AlertView => ({
  id, title: `Alert ${id}`, severity: 'warning', severityEmoji: '🟠', severityText: 'Warning', state: 'triggered', stateText: 'Triggered',
  statusLine: 'Triggered', assignee: null, source: 'prom', count: 1, summary: null, labels: [], startedAt: '2026-01-01 10:00',
  duration: '1m', snoozedUntil: null, escalation: null, links: [], buttons: ['ack', 'resolve', 'assign', 'snooze'], snoozeChoices: ['30m'], locale: 'en', version: 1,
});
