import { describe, expect, it } from 'vitest';
import { messagesPerMinute, ownWindows, windowsFor } from '../../../src/delivery/limits.js';
import { chatDelivery } from '../../../src/delivery/chat-delivery.js';

const limitsOf = (windows: { limit: number; windowMs: number }[]) => windows.map((w) => [w.limit, w.windowMs > 30_000 ? 'min' : 's']);

describe('platform limits', () => {
  it('DingTalk robot: 20 a minute per chat', () => {
    expect(limitsOf(windowsFor({ kind: 'dingtalk-webhook', chat: 'a' }, 'post'))).toEqual([[20, 'min']]);
  });

  it('Lark app: 5/s per chat for sends, 50/s and 1000/min per app, 5/s per message for updates', () => {
    const dest = { kind: 'lark' as const, chat: 'a', app: 'ops' };
    expect(limitsOf(windowsFor(dest, 'post'))).toEqual([[5, 's'], [50, 's'], [1000, 'min']]);
    const update = windowsFor(dest, 'update', 'om_1');
    expect(update.map((w) => w.key).sort()).toEqual(['lark-app:ops:m', 'lark-app:ops:s', 'lark-msg:om_1']);
    // A refusal of the message's own limit holds only its window, not the app's.
    expect(ownWindows(dest, 'update', 'om_1').map((w) => w.key)).toEqual(['lark-msg:om_1']);
    expect(ownWindows(dest, 'post').map((w) => w.key)).toEqual(['chat:a:s']);
  });

  it('Lark custom bot: 5/s and 100/min; DingTalk app: 20/s per app and API', () => {
    expect(limitsOf(windowsFor({ kind: 'lark-webhook', chat: 'a' }, 'post'))).toEqual([[5, 's'], [100, 'min']]);
    // Any of its APIs may serve a post or an update: all together stay within one API's 20/s.
    expect(windowsFor({ kind: 'dingtalk', chat: 'a' }, 'update').map((w) => [w.key, w.limit])).toEqual([['dingtalk-app:default', 20]]);
    expect(windowsFor({ kind: 'dingtalk', chat: 'a' }, 'post').map((w) => w.key)).toEqual(['dingtalk-app:default']);
  });

  it('windows are a little longer than the platform’s, so clocks a millisecond apart cannot squeeze a call in', () => {
    const [perSecond, perMinute] = windowsFor({ kind: 'lark-webhook', chat: 'a' }, 'post');
    expect(perSecond!.windowMs).toBeGreaterThan(1_000);
    expect(perMinute!.windowMs).toBeGreaterThan(60_000);
  });

  it('a per-chat override replaces the chat’s own limits but never the app’s', () => {
    const dest = { kind: 'lark' as const, chat: 'a', override: { perMinute: 10 } };
    expect(windowsFor(dest, 'post').map((w) => [w.key, w.limit])).toEqual([
      ['chat:a:m', 10],
      ['lark-app:default:s', 50],
      ['lark-app:default:m', 1000],
    ]);
    expect(messagesPerMinute(dest)).toBe(9);
  });

  it('the default storm threshold is half of what the chat takes a minute', () => {
    expect(chatDelivery({ name: 'r', type: 'dingtalk-webhook', webhook: 'http://x', publish: [], dailyStats: [] }).storm.threshold).toBe(9);
    expect(chatDelivery({ name: 'r', type: 'dingtalk-webhook', webhook: 'http://x', publish: [], dailyStats: [], storm: { threshold: 3, groupBy: [], refreshSeconds: 30 } }).storm.threshold).toBe(3);
  });

  it('chats on one robot or group share its limits, counted under a hash of its address', () => {
    const robot = (name: string, webhook: string) => chatDelivery({ name, type: 'wecom-webhook', webhook, format: 'template_card', publish: [], dailyStats: [] }).destination;
    const [a, b, c] = [robot('a', 'https://wecom/x?key=K1'), robot('b', 'https://wecom/x?key=K1'), robot('c', 'https://wecom/x?key=K2')];
    expect(windowsFor(a, 'post')[0]!.key).toBe(windowsFor(b, 'post')[0]!.key);
    expect(windowsFor(a, 'post')[0]!.key).not.toBe(windowsFor(c, 'post')[0]!.key);
    expect(windowsFor(a, 'post')[0]!.key).not.toContain('K1');
  });
});
