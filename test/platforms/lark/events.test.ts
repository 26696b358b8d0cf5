import { describe, expect, it } from 'vitest';
import { decodeCardAction, decodeMessage, toCallbackAnswer } from '../../../src/platforms/lark/events.js';
import { LarkApiError, toLarkError } from '../../../src/platforms/lark/errors.js';
import { dispatched, fixture } from '../../helpers/fixtures.js';

type MessageEvent = { header: Record<string, unknown>; event: { message: Record<string, unknown> & { mentions: unknown[] } } };

/** The captured im.message.receive_v1, as the SDK hands it over, saying `text` (the bot is @_user_1). */
const message = (text: string, mentions?: unknown[]) => {
  const envelope = fixture<MessageEvent>('lark/message-receive');
  envelope.event.message.content = JSON.stringify({ text });
  if (mentions) envelope.event.message.mentions = mentions;
  return dispatched(envelope) as { message: Record<string, unknown> };
};

describe('decodeMessage', () => {
  it('strips the leading bot mention', () => {
    expect(decodeMessage('cli_x', message('@_user_1 ack 42'))?.text).toBe('ack 42');
  });

  it('keeps other people mentioned, by name and open_id', () => {
    const m = decodeMessage('cli_x', message('@_user_1 assign 42 @_user_2', [
      { key: '@_user_1', id: { open_id: 'ou_bot' }, name: 'Gong' },
      { key: '@_user_2', id: { open_id: 'ou_carol' }, name: 'Carol' },
    ]));
    expect(m).toMatchObject({ text: 'assign 42 @Carol', mentions: [{ openId: 'ou_carol', name: 'Carol' }] });
  });

  it('ignores non-text messages', () => {
    expect(decodeMessage('cli_x', { ...message(''), message: { ...message('').message, message_type: 'image' } })).toBeUndefined();
  });
});

describe('decodeCardAction and the callback answer', () => {
  it('decodes the flattened schema 2.0 event', () => {
    const e = decodeCardAction('cli_x', dispatched(fixture('lark/card-action')));
    expect(e).toEqual({
      appId: 'cli_x',
      eventId: 'f7984f25108f8137722bb63cee927e66',
      openId: 'ou_8f1e5d3c2b1a0f9e8d7c6b5a4f3e2d1c',
      unionId: 'on_5b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e',
      messageId: 'om_3d0b2c7e9a1f4e6d8c5b0a9f7e6d5c4b',
      chatId: 'oc_a0553eda9014c201e6969b478895c230',
      value: { action: 'snooze', alertId: '42' },
      option: '1h',
      // The event's own token (the delayed-update one), not the header's verification token.
      token: 'c-295ee57216a5dc9de90fefd0aadb4b1d7d337bc4',
      sentAt: 1767225600123,
    });
  });

  it('wraps a card as a raw card', () => {
    expect(toCallbackAnswer({ toast: { type: 'info', content: 'hi' }, card: { a: 1 } })).toEqual({ toast: { type: 'info', content: 'hi' }, card: { type: 'raw', data: { a: 1 } } });
    expect(toCallbackAnswer({})).toEqual({});
  });
});

describe('toLarkError', () => {
  const axiosLike = (status: number, data: unknown, headers: Record<string, string> = {}) => ({ isAxiosError: true, message: 'x', response: { status, data, headers } });

  it('classifies throttles as retryable with retryAfterMs and content errors as permanent', () => {
    expect(toLarkError(axiosLike(429, { code: 99991400, msg: 'limit' }, { 'x-ogw-ratelimit-reset': '3' }))).toMatchObject({ code: '99991400', retryable: true, retryAfterMs: 3000 });
    expect(toLarkError(axiosLike(400, { code: 230099, msg: 'bad card' }))).toMatchObject({ code: '230099', retryable: false });
    expect(toLarkError(axiosLike(400, { code: 230002, msg: 'not in chat' })).retryable).toBe(false);
    expect(toLarkError(axiosLike(502, 'bad gateway')).retryable).toBe(true);
  });

  it('treats timeouts and network failures as retryable', () => {
    const e = toLarkError({ isAxiosError: true, code: 'ECONNABORTED', message: 'timeout of 10000ms exceeded' });
    expect(e).toBeInstanceOf(LarkApiError);
    expect(e).toMatchObject({ httpStatus: undefined, retryable: true });
  });
});
