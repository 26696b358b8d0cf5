import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LarkServer } from '../../../src/sandbox/lark/server.js';
import type { SandboxLarkApp } from '../../../src/sandbox/lark/types.js';
import { type TestGong, waitFor } from '../../helpers/gong.js';
import { afterClickCheckDone, cardVersions, sleep, whileAlertLocked } from '../../helpers/late-answer.js';
import { type SandboxGong, startSandboxGong } from '../../helpers/sandbox-gong.js';

const ALICE = { openId: 'ou_alice', name: 'Alice' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const UPDATE = 'PATCH /open-apis/im/v1/messages/:id';
/** Lark's wait for a card callback's answer, as Gong counts it. */
const LARK_WAIT_MS = 3_000;

describe.each([
  { events: 'websocket' as const, appId: 'cli_c1c2c3c4c5c6c7c8' },
  { events: 'http' as const, appId: 'cli_d1d2d3d4d5d6d7d8' },
])('Lark clicks over $events and Lark’s 3 s', ({ events, appId }) => {
  // Events over HTTP must be signed: Gong refuses the app without an Encrypt Key.
  const app: SandboxLarkApp = { appId, appSecret: 'deadline-secret', events, encryptKey: 'deadline-encrypt-key' };
  let running: SandboxGong;
  let lark: LarkServer;
  let gong: TestGong;

  beforeAll(async () => {
    running = await startSandboxGong({
      sources: [SOURCE],
      // An answer that comes too late is lost for good: no second push brings a fresh one.
      lark: { apps: [app], maxRepushes: 0, chats: [{ chatId: 'oc_ops', name: 'ops', members: [ALICE] }] },
      config: ({ lark }) => ({ lark: { appId, appSecret: app.appSecret, domain: lark.url, events, encryptKey: app.encryptKey }, chats: [{ name: 'ops', type: 'lark', chatId: 'oc_ops' }] }),
    });
    ({ lark, gong } = running);
    app.eventUrl = `${gong.url}/lark/events`;
  });

  afterAll(async () => {
    await running?.close();
  });

  const subtitle = (messageId: string) =>
    (JSON.parse(lark.message(messageId)!.content) as { header: { subtitle: { content: string } } }).header.subtitle.content;

  /** A posted card whose delivery job has finished; returns the alert id and the card's message id. */
  async function postedCard(title: string): Promise<{ id: number; messageId: string }> {
    const response = await fetch(`${gong.url}/hooks/${SOURCE.name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SOURCE.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title, severity: 'critical' }),
    });
    const id = ((await response.json()) as { opened: number[] }).opened[0]!;
    const card = await waitFor(`the card of #${id}`, async () =>
      (await cardVersions(gong, id, 'ops')).card > 0
        ? lark.chatMessages('oc_ops').find((m) => m.msgType === 'interactive' && m.content.includes(`#${id} `))
        : undefined,
    );
    return { id, messageId: card.messageId };
  }

  it('answers a click in time: the answer redraws the card, no update call follows, and the card is recorded current', async () => {
    const { id, messageId } = await postedCard(`in-time-${events}`);
    const before = lark.callCount(UPDATE);
    const started = Date.now();
    await lark.click({ appId, openId: ALICE.openId, messageId, value: { action: 'ack', alertId: String(id) } });
    // Gong records the card as redrawn when it answered within half the platform's wait; a machine
    // too slow for that gets one repairing update instead, never more.
    const inMargin = Date.now() - started <= LARK_WAIT_MS / 2;
    expect(subtitle(messageId)).toMatch(/^Critical · Acknowledged by Alice/);
    await afterClickCheckDone(gong, id, 'ops');
    expect(lark.callCount(UPDATE) - before).toBeLessThanOrEqual(inMargin ? 0 : 1);
    expect(await cardVersions(gong, id, 'ops')).toEqual({ alert: 2, card: 2 });
  }, 60_000);

  it('repairs a clicked card whose answer came too late for Lark with one update after the deadline', async () => {
    const { id, messageId } = await postedCard(`too-late-${events}`);
    const before = lark.callCount(UPDATE);
    await whileAlertLocked(gong, id, async () => {
      // Lark gives up on this click after 0.5 s and drops whatever Gong answers later.
      await expect(lark.click({ appId, openId: ALICE.openId, messageId, value: { action: 'ack', alertId: String(id) }, ackTimeoutMs: 500 })).rejects.toThrow(/after 1 pushes/);
      // Held past Lark's wait as Gong counts it too: Gong knows its answer is late.
      await sleep(LARK_WAIT_MS);
    });
    expect(subtitle(messageId)).toBe('Critical · Triggered');
    await waitFor('the clicked card to show the acknowledgement', async () => (/Acknowledged by Alice/.test(subtitle(messageId)) ? true : undefined));
    await afterClickCheckDone(gong, id, 'ops');
    expect(lark.callCount(UPDATE) - before).toBe(1);
    expect(await cardVersions(gong, id, 'ops')).toEqual({ alert: 2, card: 2 });
  }, 60_000);
});
