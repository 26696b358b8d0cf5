import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatStore } from '../../src/chats/chat-store.js';
import { DeliveryStatuses } from '../../src/chats/delivery-status.js';
import { chatSchema } from '../../src/config/schema.js';
import type { Database } from '../../src/db/client.js';
import type { AlertChannel } from '../../src/cards/channel.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';

const channel = (overrides: Partial<AlertChannel> = {}): AlertChannel => ({
  chat: 'ops',
  kind: 'lark',
  postAlert: async () => 'ref',
  updateAlert: async () => {},
  postNotice: async () => 'notice',
  ...overrides,
});
const refusing = (message: string, code: number) => channel({ postNotice: async () => Promise.reject(Object.assign(new Error(message), { code })) });
const notice = { kind: 'test' as const, title: 't', markdown: 'm' };

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('each chat\'s last delivery, kept in the database', () => {
  it('passes urgent on only where the channel has it', async () => {
    const statuses = new DeliveryStatuses(database.db, testLogger);
    const buzzed: string[] = [];
    const watched = statuses.watch(channel({ urgent: async (ref) => void buzzed.push(ref) }));
    await watched.urgent!('om_1', 'app', []);
    expect(buzzed).toEqual(['om_1']);
    expect(statuses.watch(channel()).urgent).toBeUndefined();
  });

  it('records the last outcome, masking tokens in URLs, and keeps the last failure after a success', async () => {
    const statuses = new DeliveryStatuses(database.db, testLogger);
    const failing = statuses.watch(refusing('POST https://open.feishu.cn/open-apis/bot/v2/hook/secret-token-123 failed', 19021));
    await expect(failing.postNotice(notice, 'k')).rejects.toThrow();
    const failed = await statuses.get('ops');
    expect(failed).toMatchObject({ ok: false, error: '19021: POST https://open.feishu.cn/open-apis/bot/v2/hook/••• failed' });
    expect(JSON.stringify(failed)).not.toContain('secret-token-123');

    await statuses.watch(channel()).postAlert({} as never, 'k');
    const after = await statuses.get('ops');
    expect(after).toMatchObject({ ok: true, lastFailure: { error: failed!.error } });
    expect(after!.at).toBe(after!.lastSuccessAt);
    expect(Date.parse(after!.at)).toBeGreaterThanOrEqual(Date.parse(after!.lastFailure!.at));
  });

  it('shows every instance the same last outcome, whichever instance sent', async () => {
    const first = new DeliveryStatuses(database.db, testLogger);
    const second = new DeliveryStatuses(database.db, testLogger);
    await expect(first.watch(refusing('errcode 93000: invalid webhook url', 93000)).postNotice(notice, 'k')).rejects.toThrow();
    expect(await second.get('ops')).toMatchObject({ ok: false, error: 'errcode 93000: invalid webhook url' });
    await second.watch(channel()).postNotice(notice, 'k');
    expect(await first.get('ops')).toMatchObject({ ok: true });
    expect((await first.of(['ops', 'never-sent'])).has('never-sent')).toBe(false);
  });

  it('forgets a deleted database chat, so a new chat of its name starts clean', async () => {
    const statuses = new DeliveryStatuses(database.db, testLogger);
    const store = createChatStore(database.db);
    const chat = chatSchema.parse({ name: 'short-lived', type: 'lark', chatId: 'oc_short' });
    await store.insert(chat);
    await statuses.watch(channel({ chat: 'short-lived' })).postNotice(notice, 'k');
    expect(await statuses.get('short-lived')).toMatchObject({ ok: true });
    await store.remove('short-lived');
    expect(await statuses.get('short-lived')).toBeUndefined();
  });
});
