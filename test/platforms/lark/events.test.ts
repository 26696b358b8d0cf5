import { describe, expect, it } from 'vitest';
import { decodeCardAction, decodeMessage, toCallbackAnswer } from '../../../src/platforms/lark/events.js';
import { LarkApiError, toLarkError } from '../../../src/platforms/lark/errors.js';

const message = (text: string, mentions: unknown[] = [{ key: '@_user_1', id: { open_id: 'ou_bot' }, name: 'Gong' }]) => ({
  event_id: 'ev_1',
  app_id: 'cli_x',
  sender: { sender_id: { open_id: 'ou_bob' } },
  message: { message_id: 'om_1', chat_id: 'oc_1', message_type: 'text', content: JSON.stringify({ text }), mentions },
});

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
    const e = decodeCardAction('cli_x', {
      event_id: 'ev_2',
      token: 'c-1',
      operator: { open_id: 'ou_alice' },
      action: { value: { action: 'snooze' }, tag: 'select_static', option: '1h' },
      context: { open_message_id: 'om_9', open_chat_id: 'oc_9' },
    });
    expect(e).toEqual({ appId: 'cli_x', eventId: 'ev_2', openId: 'ou_alice', messageId: 'om_9', chatId: 'oc_9', value: { action: 'snooze' }, option: '1h', token: 'c-1' });
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
