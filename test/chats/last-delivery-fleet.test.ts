import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeComServer, type WeComServerHandle } from '../../src/sandbox/wecom/server.js';
import { type SharedDatabase, sharedTestDatabase, startTestGong, type TestGong } from '../helpers/gong.js';
import { SOURCE } from '../platforms/dingtalk/gong-fixture.js';

interface ChatWithDelivery {
  lastDelivery?: { ok: boolean; error?: string; lastSuccessAt: string | null; lastFailure: { error: string } | null };
}

/**
 * Gong instances on one database, one after the other (PGlite serves one process at a time): what
 * one sent is what the next shows, so it lives in the database, not in a process.
 */
describe('a chat\'s last delivery across instances', () => {
  let wecom: WeComServerHandle;
  let shared: SharedDatabase;
  const config = () => ({ locale: 'en', chats: [{ name: 'ops-wecom', type: 'wecom-webhook', webhook: wecom.webhook('fleet-robot') }] });
  // Whatever a failed assertion left running is closed at the end.
  const running = new Set<TestGong>();
  const instance = async () => {
    const gong = await startTestGong({ sources: [SOURCE], config: config(), shared });
    running.add(gong);
    return gong;
  };
  const close = async (gong: TestGong) => {
    running.delete(gong);
    await gong.close();
  };
  const lastDelivery = async (gong: TestGong) => (await gong.api<ChatWithDelivery>('/api/v1/chats/ops-wecom')).lastDelivery;

  beforeAll(async () => {
    wecom = await startWeComServer({ robots: [{ key: 'fleet-robot' }] });
    shared = await sharedTestDatabase();
  });

  afterAll(async () => {
    for (const gong of running) await gong.close();
    await shared?.drop();
    await wecom?.stop();
  });

  it('shows another instance\'s test message, and later its failure with the last success kept', async () => {
    const first = await instance();
    expect(await lastDelivery(first)).toBeUndefined();
    expect(await first.api('/api/v1/chats/ops-wecom/test', { body: {} })).toMatchObject({ ok: true, answer: 'errcode 0, ok' });
    await close(first);

    const second = await instance();
    expect(await lastDelivery(second)).toMatchObject({ ok: true, lastFailure: null });
    // The local robot answers 93000 for a key it does not know, as WeCom does for a removed robot.
    const port = Number(new URL(wecom.url).port);
    await wecom.stop();
    wecom = await startWeComServer({ port, robots: [] });
    const refused = await fetch(`${second.url}/api/v1/chats/ops-wecom/test`, { method: 'POST', headers: { authorization: `Bearer ${second.adminToken}` } });
    expect(refused.status).toBe(502);
    await close(second);

    const third = await instance();
    const seen = (await lastDelivery(third))!;
    expect(seen).toMatchObject({ ok: false });
    expect(seen.error).toContain('errcode 93000');
    expect(seen.lastSuccessAt).not.toBeNull();
    await close(third);
  });
});
