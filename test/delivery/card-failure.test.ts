import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cards } from '../../src/db/schema.js';
import { type DingTalkServerHandle, startDingTalkServer } from '../../src/sandbox/dingtalk/server.js';
import { type LarkServer, startLarkServer } from '../../src/sandbox/lark/server.js';
import type { SandboxLarkApp } from '../../src/sandbox/lark/types.js';
import { PATIENT_PLATFORM, startTestGong, type TestGong, waitFor } from '../helpers/gong.js';
import { capturingLogger } from '../helpers/logger.js';

/**
 * The platform restarts and forgets every card (as the local servers do, and as a deleted card
 * looks to Gong): updating an old card fails for that card alone. The failure is the card's, kept
 * on its row; the chat keeps taking cards and is not reported failing.
 */
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };

interface Platform {
  name: string;
  /** Starts the platform (again, on the same port after a restart). */
  start(port?: number): Promise<{ url: string; stop(): Promise<void> }>;
  config(url: string): Record<string, unknown>;
  /** Whether the platform shows the card of `ref` as acknowledged. */
  showsAcknowledged(ref: string): boolean;
}

const LARK_APP: SandboxLarkApp = { appId: 'cli_9e9e9e9e9e9e9e9e', appSecret: 'card-failure-secret', events: 'http', encryptKey: 'card-failure-key' };
const DING_APP = { clientId: 'dingcardfailure', clientSecret: 'card-failure-secret' };
let lark: LarkServer | undefined;
let ding: DingTalkServerHandle | undefined;

const platforms: Platform[] = [
  {
    name: 'Lark',
    async start(port) {
      lark = await startLarkServer({ ...PATIENT_PLATFORM.lark, apps: [LARK_APP], chats: [{ chatId: 'oc_ops', name: 'ops', members: [] }], ...(port && { port }) });
      return lark;
    },
    config: (url) => ({ lark: { appId: LARK_APP.appId, appSecret: LARK_APP.appSecret, domain: url, events: 'http', encryptKey: LARK_APP.encryptKey }, chats: [{ name: 'ops', type: 'lark', chatId: 'oc_ops' }] }),
    showsAcknowledged: (ref) => (lark?.message(ref)?.content ?? '').includes('Acknowledged'),
  },
  {
    name: 'DingTalk',
    async start(port) {
      ding = await startDingTalkServer({ ...PATIENT_PLATFORM.dingtalk, apps: [DING_APP], groups: [{ conversationId: 'cidOps' }], ...(port && { port }) });
      return ding;
    },
    config: (url) => ({ dingtalk: { ...DING_APP, cardTemplateId: 'gong-alert', apiBase: url }, chats: [{ name: 'ops', type: 'dingtalk', conversationId: 'cidOps' }] }),
    showsAcknowledged: (ref) => JSON.stringify(ding?.card(ref) ?? {}).includes('acknowledged'),
  },
];

describe.each(platforms)('a $name card the platform no longer has', (platform) => {
  let server: { url: string; stop(): Promise<void> };
  let gong: TestGong;
  const log = capturingLogger();

  beforeAll(async () => {
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    server = await platform.start();
    gong = await startTestGong({ sources: [SOURCE], logger: log.logger, config: { locale: 'en', ...platform.config(server.url) } });
  });

  afterAll(async () => {
    await gong?.close();
    await server?.stop();
    vi.restoreAllMocks();
  });

  const db = () => gong.gong.parts.database.db;
  const cardOf = async (id: number) => (await db().select().from(cards).where(and(eq(cards.alertId, id), eq(cards.chat, 'ops'))))[0];
  const posted = (id: number) => waitFor(`the card of #${id}`, async () => ((await cardOf(id))?.ref ? (await cardOf(id))! : undefined));
  const ack = (id: number) => gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'ack', actor: 'Alice' } });

  it('is recorded on the card, while the chat keeps taking cards and is not failing', async () => {
    const old = (await gong.hook({ title: 'posted before the restart', severity: 'warning' })).opened[0]!;
    await posted(old);
    const port = Number(new URL(server.url).port);
    await server.stop();
    server = await platform.start(port);

    await ack(old);
    const failed = await waitFor('the old card’s failure', async () => ((await cardOf(old))?.failure ? (await cardOf(old))! : undefined));
    expect(failed.failure).toMatch(platform.name === 'Lark' ? /230001/ : /cardNotExist/);

    // The chat is not failing: a new alert's card is posted and updated in it.
    const fresh = (await gong.hook({ title: 'posted after the restart', severity: 'warning' })).opened[0]!;
    const card = await posted(fresh);
    await ack(fresh);
    await waitFor('the new card acknowledged', async () => (platform.showsAcknowledged(card.ref) ? true : undefined));
    const { chats } = await gong.api<{ chats: { chat: string; state: string }[] }>('/api/v1/chats/status');
    expect(chats.find((c) => c.chat === 'ops')).toMatchObject({ state: 'ok' });
    // (A restarted Lark also refuses the old access token once: that failure is the app's, and retried.)
    const delivery = await gong.gong.parts.deliveries.get('ops');
    expect(delivery?.ok).toBe(true);
    expect(delivery?.lastFailure?.error ?? '').not.toMatch(/230001|cardNotExist/);
    expect((await cardOf(old))?.failure).toBeTruthy();

    // Said once, with the platform's code, and never as "[object]".
    const lines = log.lines.join('');
    expect(lines).not.toContain('[object]');
    expect(lines).not.toContain('chat marked failing');
    expect(lines).toContain('card cannot be updated; recorded on the card');
  });
});

