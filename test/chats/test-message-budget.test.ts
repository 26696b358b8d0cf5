import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeComServer, type WeComServerHandle } from '../../src/sandbox/wecom/server.js';
import { startTestGong, type TestGong } from '../helpers/gong.js';
import { SOURCE } from '../platforms/dingtalk/gong-fixture.js';

/** WeCom robots take 20 messages a minute; Gong keeps every robot under that. */
const PER_MINUTE = 20;

describe('a test message to a robot whose minute is used up', () => {
  let wecom: WeComServerHandle;
  let gong: TestGong;

  beforeAll(async () => {
    wecom = await startWeComServer({ robots: [{ key: 'busy-robot' }] });
    gong = await startTestGong({ sources: [SOURCE], config: { locale: 'en' } });
    await gong.api('/api/v1/chats', { body: { name: 'busy', type: 'wecom-webhook', webhook: wecom.webhook('busy-robot'), format: 'markdown' } });
  });

  afterAll(async () => {
    await gong?.close();
    await wecom?.stop();
  });

  /** A hung request fails the test instead of stalling it. */
  const test = (chat: string) =>
    fetch(`${gong.url}/api/v1/chats/${chat}/test`, { method: 'POST', headers: { authorization: `Bearer ${gong.adminToken}` }, signal: AbortSignal.timeout(60_000) });

  it('answers 429 with when to try again, sends nothing, and records no failed delivery', async () => {
    for (let i = 0; i < PER_MINUTE; i++) expect((await test('busy')).status).toBe(200);
    expect(wecom.messages('busy-robot')).toHaveLength(PER_MINUTE);

    const refused = await test('busy');
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { ok: boolean; error: string; retryAfterSeconds: number };
    expect(body).toMatchObject({ ok: false, chat: 'busy' });
    expect(body.error).toMatch(/^the robot's per-minute message budget is used up; try again in \d+ s$/);
    expect(body.retryAfterSeconds).toBeGreaterThan(0);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(61);
    expect(refused.headers.get('retry-after')).toBe(String(body.retryAfterSeconds));
    expect(wecom.messages('busy-robot')).toHaveLength(PER_MINUTE);
    // Nothing was sent, so nothing failed: the last delivery is still the last test message.
    const chat = await gong.api<{ lastDelivery: { ok: boolean; lastFailure: unknown } }>('/api/v1/chats/busy');
    expect(chat.lastDelivery).toMatchObject({ ok: true, lastFailure: null });
  });
});
