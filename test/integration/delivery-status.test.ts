import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatStore } from '../../src/chats/chat-store.js';
import { sql } from 'drizzle-orm';
import { DeliveryStatuses, listChatStatus } from '../../src/delivery/delivery-status.js';
import { Deferral } from '../../src/shared/deferral.js';
import { queryRows } from '../../src/db/rows.js';
import { MAX_ATTEMPTS } from '../../src/delivery/retry-policy.js';
import { call } from '../../src/jobs/card-workers.js';
import { chatSchema } from '../../src/config/schema.js';
import type { Database } from '../../src/db/client.js';
import type { AlertChannel } from '../../src/cards/channel.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';
import { PlatformError } from '../../src/shared/platform-error.js';

const channel = (overrides: Partial<AlertChannel> = {}): AlertChannel => ({
  chat: 'ops',
  kind: 'lark',
  postAlert: async () => 'ref',
  updateAlert: async () => {},
  postNotice: async () => 'notice',
  ...overrides,
});
const refusing = (message: string, code: number) => channel({ postNotice: async () => Promise.reject(new PlatformError(message, { code: String(code), retryable: false })) });
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

describe('one write per send, through the card worker', () => {
  /** Counts every write of the chat's status row, whoever makes it. */
  async function countWrites(): Promise<() => Promise<number>> {
    await database.db.execute(sql`CREATE TABLE IF NOT EXISTS test_status_writes (chat text)`);
    await database.db.execute(sql`CREATE OR REPLACE FUNCTION test_count_status_write() RETURNS trigger AS $$
      BEGIN INSERT INTO test_status_writes VALUES (NEW.chat); RETURN NEW; END $$ LANGUAGE plpgsql`);
    await database.db.execute(sql`DROP TRIGGER IF EXISTS test_status_writes ON chat_status`);
    await database.db.execute(sql`CREATE TRIGGER test_status_writes AFTER INSERT OR UPDATE ON chat_status FOR EACH ROW EXECUTE FUNCTION test_count_status_write()`);
    await database.db.execute(sql`DELETE FROM test_status_writes`);
    return async () => Number((await queryRows<{ n: string }>(database.db, sql`SELECT count(*) AS n FROM test_status_writes WHERE chat = 'writes'`))[0]!.n);
  }
  const deps = () => ({ db: database.db, logger: testLogger });
  const job = (attempt = 0) => ({ chat: 'writes', alertId: 1, attempt });
  const state = async () => (await listChatStatus(database.db, ['writes']))[0]!;

  it('writes once and marks the chat failing when the platform refuses for good', async () => {
    const writes = await countWrites();
    const statuses = new DeliveryStatuses(database.db, testLogger);
    const refused = statuses.watch(channel({ chat: 'writes', postAlert: async () => Promise.reject(new PlatformError('keywords not in content', { code: '310000', retryable: false })) }));
    await expect(call(deps(), job(), () => refused.postAlert({} as never, 'k'))).resolves.toBeUndefined();
    expect(await writes()).toBe(1);
    expect(await state()).toMatchObject({ state: 'failing', code: '310000', reason: 'keywords not in content' });
    expect(await statuses.get('writes')).toMatchObject({ ok: false, error: expect.stringContaining('keywords not in content') });
  });

  it('writes nothing when the send is deferred for budget', async () => {
    const writes = await countWrites();
    const statuses = new DeliveryStatuses(database.db, testLogger);
    const before = await statuses.get('writes');
    const waiting = statuses.watch(channel({ chat: 'writes', postAlert: async () => Promise.reject(new Deferral(500, 'budget')) }));
    await expect(call(deps(), job(), () => waiting.postAlert({} as never, 'k'))).rejects.toBeInstanceOf(Deferral);
    expect(await writes()).toBe(0);
    expect(await statuses.get('writes')).toEqual(before);
    expect(await state()).toMatchObject({ state: 'failing' });
  });

  it('writes once for a transient failure, which is retried without marking the chat', async () => {
    const writes = await countWrites();
    const statuses = new DeliveryStatuses(database.db, testLogger);
    const flaky = statuses.watch(channel({ chat: 'writes', updateAlert: async () => Promise.reject(new PlatformError('502 bad gateway', { code: 'http502', retryable: true })) }));
    await expect(call(deps(), job(), () => flaky.updateAlert('ref', {} as never))).rejects.toMatchObject({ why: 'retry', data: { attempt: 1 } });
    expect(await writes()).toBe(1);
    expect(await statuses.get('writes')).toMatchObject({ ok: false, error: 'http502: 502 bad gateway' });
    expect(await state()).toMatchObject({ state: 'failing', code: '310000' });
  });

  it('writes once when a send gets through, and the chat is ok again', async () => {
    const writes = await countWrites();
    const statuses = new DeliveryStatuses(database.db, testLogger);
    await expect(call(deps(), job(), () => statuses.watch(channel({ chat: 'writes' })).postAlert({} as never, 'k'))).resolves.toBe('ref');
    expect(await writes()).toBe(1);
    expect(await state()).toEqual({ chat: 'writes', state: 'ok', reason: null, code: null, failedAt: null });
    expect(await statuses.get('writes')).toMatchObject({ ok: true, lastFailure: { error: 'http502: 502 bad gateway' } });
  });

  it('marks the chat failing once a transient failure outlasts every retry, in the one write of that send', async () => {
    const writes = await countWrites();
    const statuses = new DeliveryStatuses(database.db, testLogger);
    const flaky = statuses.watch(channel({ chat: 'writes', postNotice: async () => Promise.reject(new Error('timed out')) }));
    await expect(call(deps(), job(MAX_ATTEMPTS - 1), () => flaky.postNotice(notice, 'k'))).resolves.toBeUndefined();
    expect(await writes()).toBe(1);
    expect(await state()).toMatchObject({ state: 'failing', code: 'unknown', reason: 'still failing after retries: timed out' });
  });

  it('keeps a refused urgent buzz as the last failure without marking the chat failing', async () => {
    const statuses = new DeliveryStatuses(database.db, testLogger);
    await statuses.watch(channel({ chat: 'buzz' })).postNotice(notice, 'k');
    const noPermission = statuses.watch(channel({ chat: 'buzz', urgent: async () => Promise.reject(new PlatformError('no urgent permission', { code: '99991672', retryable: false })) }));
    await expect(noPermission.urgent!('om_1', 'app', [])).rejects.toThrow();
    expect((await listChatStatus(database.db, ['buzz']))[0]).toMatchObject({ state: 'ok' });
    expect(await statuses.get('buzz')).toMatchObject({ ok: false, error: '99991672: no urgent permission' });
  });
});
