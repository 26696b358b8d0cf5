import { afterEach, describe, expect, it } from 'vitest';
import { startLarkServer, type LarkServer } from '../../src/sandbox/lark/server.js';
import { createLarkClient } from '../../src/platforms/lark/client.js';
import { card, quiet, testApp } from './lark-fixtures.js';

let server: LarkServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('local Lark server hooks', () => {
  it('refuses app ids the real platform would never issue', async () => {
    await expect(startLarkServer({ apps: [{ ...testApp(), appId: 'cli_123' }] })).rejects.toThrow(/16 hex/);
  });

  it('emits change for every new or updated message', async () => {
    const app = testApp();
    server = await startLarkServer({ apps: [app], chats: [{ chatId: 'oc_1' }] });
    const changes: Record<string, string>[] = [];
    server.on('change', (d) => changes.push(d));
    const client = createLarkClient({ appId: app.appId, appSecret: app.appSecret, domain: server.url, logger: quiet });
    const id = await client.sendCard('oc_1', card('a'), 'u-1');
    await client.patchCard(id, card('b'));
    expect(changes).toEqual([
      { kind: 'message', chatId: 'oc_1', messageId: id },
      { kind: 'message', chatId: 'oc_1', messageId: id },
    ]);
  });

  it('fails only the calls a fault targets, and only as many as asked', async () => {
    const app = testApp();
    server = await startLarkServer({ apps: [app], chats: [{ chatId: 'oc_1' }] });
    const client = createLarkClient({ appId: app.appId, appSecret: app.appSecret, domain: server.url, logger: quiet });
    const id = await client.sendCard('oc_1', card('a'), 'u-1');
    server.injectFault({ count: 2, status: 500, pathIncludes: '/urgent_' });
    await client.patchCard(id, card('b'));
    await expect(client.urgent(id, 'app', ['ou_a'])).rejects.toMatchObject({ httpStatus: 500 });
    await expect(client.urgent(id, 'sms', ['ou_a'])).rejects.toMatchObject({ httpStatus: 500 });
    expect(await client.urgent(id, 'app', ['ou_a'])).toEqual([]);
  });

  it('answers unknown paths with 404', async () => {
    server = await startLarkServer();
    expect((await fetch(`${server.url}/open-apis/nope`)).status).toBe(404);
  });
});
