import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChannelHost, createChatRegistry } from '../../src/chats/chat-registry.js';
import { createChatStore } from '../../src/chats/chat-store.js';
import { type ChatConfig, chatSchema } from '../../src/config/schema.js';
import type { Database } from '../../src/db/client.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';

let database: Database;

beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** What a running instance's channels would be, as attach/detach calls leave them. */
function recordingHost(): ChannelHost & { attached: Map<string, ChatConfig> } {
  const attached = new Map<string, ChatConfig>();
  return {
    attached,
    attach: (chat) => (attached.set(chat.name, chat), true),
    detach: (name) => void attached.delete(name),
  };
}

describe('chats across instances sharing one database', () => {
  it('follows what another instance created, changed and deleted', async () => {
    const config: ChatConfig[] = [chatSchema.parse({ name: 'from-file', type: 'lark', chatId: 'oc_file' })];
    const look = { chats: config, locale: 'en' as const, timezone: 'UTC' };
    const hostA = recordingHost();
    const hostB = recordingHost();
    const a = createChatRegistry(look, createChatStore(database.db), hostA, testLogger);
    const b = createChatRegistry(look, createChatStore(database.db), hostB, testLogger);
    await Promise.all([a.sync(), b.sync()]);

    await a.create({ name: 'shared', type: 'lark', chatId: 'oc_1' });
    expect(b.get('shared')).toBeUndefined();
    await b.sync();
    expect(b.get('shared')).toMatchObject({ origin: 'database', chat: { chatId: 'oc_1' } });
    expect(hostB.attached.get('shared')).toMatchObject({ chatId: 'oc_1' });

    // B edits a chat it may not have seen yet: the edit reads the table first.
    await a.create({ name: 'fresh', type: 'lark', chatId: 'oc_2' });
    await b.update('fresh', { chatId: 'oc_3' });
    await a.sync();
    expect(hostA.attached.get('fresh')).toMatchObject({ chatId: 'oc_3' });

    await b.remove('shared');
    await a.sync();
    expect(a.get('shared')).toBeUndefined();
    expect(hostA.attached.has('shared')).toBe(false);
    expect(a.names()).toEqual(['from-file', 'fresh']);
  });
});
