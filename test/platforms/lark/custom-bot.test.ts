import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CustomBotError, sendCustomBot, withKeyword, type CustomBotTarget } from '../../../src/platforms/lark/custom-bot.js';
import { startLarkServer, type LarkServer } from '../../../src/sandbox/lark/server.js';

let clock = Date.parse('2025-03-01T08:00:00Z');
let server: LarkServer;
const hook = (token: string): string => `${server.url}/open-apis/bot/v2/hook/${token}`;

beforeEach(async () => {
  clock = Date.parse('2025-03-01T08:00:00Z');
  server = await startLarkServer({
    customBots: [
      { token: 'signed', secret: 'SEC-1' },
      { token: 'guarded', keywords: ['[Gong]', 'alert'] },
      { token: 'open' },
    ],
    now: () => clock,
  });
});

afterEach(async () => {
  await server.stop();
});

async function failure(p: Promise<unknown>): Promise<CustomBotError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(CustomBotError);
  return e as CustomBotError;
}

const text = (t: string) => ({ msg_type: 'text' as const, content: { text: t } });

describe('Lark custom bot webhook', () => {
  it('posts a signed message', async () => {
    await sendCustomBot({ webhook: hook('signed'), secret: 'SEC-1' }, text('CPU high'), { now: () => clock });
    const [m] = server.chatMessages(server.customBotChatId('signed'));
    expect(m?.sender).toEqual({ type: 'custom_bot', token: 'signed' });
    expect(JSON.parse(m?.content ?? '{}')).toEqual({ text: 'CPU high' });
  });

  it('reports a wrong secret or a skewed clock as a config error (19021)', async () => {
    const wrong = await failure(sendCustomBot({ webhook: hook('signed'), secret: 'nope' }, text('x'), { now: () => clock }));
    expect(wrong).toMatchObject({ code: '19021', kind: 'config', retryable: false });
    const skewed = await failure(sendCustomBot({ webhook: hook('signed'), secret: 'SEC-1' }, text('x'), { now: () => clock - 2 * 60 * 60_000 }));
    expect(skewed.code).toBe('19021');
  });

  it('enforces keywords (19024) and withKeyword satisfies them', async () => {
    const target: CustomBotTarget = { webhook: hook('guarded'), keywords: ['[Gong]', 'alert'] };
    expect(await failure(sendCustomBot(target, text('CPU high')))).toMatchObject({ code: '19024', kind: 'config' });
    expect(withKeyword('CPU high', target.keywords)).toBe('[Gong] CPU high');
    expect(withKeyword('alert: CPU high', target.keywords)).toBe('alert: CPU high');
    await sendCustomBot(target, text(withKeyword('CPU high', target.keywords)), { now: () => clock });
    expect(server.chatMessages(server.customBotChatId('guarded'))).toHaveLength(1);
  });

  it('refuses bodies over 20 KB (9499)', async () => {
    const e = await failure(sendCustomBot({ webhook: hook('open') }, text('x'.repeat(21 * 1024)), { now: () => clock }));
    expect(e).toMatchObject({ code: '9499', kind: 'config', retryable: false });
  });

  it('throttles at 5 per second and 100 per minute (11232, retryable)', async () => {
    const target = { webhook: hook('open') };
    for (let i = 0; i < 5; i++) await sendCustomBot(target, text(`m${i}`), { now: () => clock });
    expect(await failure(sendCustomBot(target, text('m5')))).toMatchObject({ code: '11232', kind: 'throttle', retryable: true });
    for (let i = 5; i < 100; i++) {
      if (i % 5 === 0) clock += 1000;
      await sendCustomBot(target, text(`m${i}`), { now: () => clock });
    }
    clock += 1000;
    expect((await failure(sendCustomBot(target, text('m100')))).code).toBe('11232');
    clock += 60_000;
    await sendCustomBot(target, text('m101'), { now: () => clock });
  });

  it('rejects an unknown webhook token without echoing the URL', async () => {
    const e = await failure(sendCustomBot({ webhook: hook('missing-token') }, text('x')));
    expect(e).toMatchObject({ kind: 'rejected', retryable: false });
    expect(e.code).not.toBe(0);
    expect(e.message).not.toContain('missing-token');
  });

  it('posts a card and rejects an invalid one', async () => {
    const card = { config: {}, elements: [{ tag: 'div', text: { tag: 'lark_md', content: '**CPU high**' } }] };
    await sendCustomBot({ webhook: hook('open') }, { msg_type: 'interactive', card }, { now: () => clock });
    expect(server.chatMessages(server.customBotChatId('open'))[0]?.msgType).toBe('interactive');
    const bad = await failure(sendCustomBot({ webhook: hook('open') }, { msg_type: 'interactive', card: { header: {} } }));
    expect(bad.code).toBe('9499');
  });
});
