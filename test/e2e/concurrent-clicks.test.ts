import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRow } from '../../src/db/alert-json.js';
import { queryRows } from '../../src/db/rows.js';
import { alerts } from '../../src/db/schema.js';
import { cardParams } from '../../src/platforms/dingtalk/card-params.js';
import { renderLarkCard } from '../../src/platforms/lark/render-card.js';
import type { DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';

/**
 * Two people act on the same alert at the same moment, one in DingTalk and one in Lark, for many
 * alerts at once and many rounds. Whatever order the platforms see the click answers and the
 * update jobs in, every card must end showing the alert's final state, and Gong must know of
 * every card that does not.
 */
const ALERTS = 20;
const ROUNDS = 6;
/** Alerts clicked at the same time (two clicks each). */
const AT_ONCE = 4;

const DING = { clientId: 'dingraceapp', clientSecret: 'race-secret' };
const LARK = { appId: 'cli_0123456789abcdef', appSecret: 'race-lark-secret' };
const SOURCE = { name: 'am', type: 'generic' as const, token: 'race-source-token' };
const MEI = { openId: 'ou_mei', name: 'Han Meimei' };
const LI = { userId: 'u-li', userNick: 'Li Lei' };

let dingtalk: DingTalkServerHandle;
let running: SandboxGong;
let lark: LarkServer;
let gong: TestGong;
/** Alert id → the message id of its Lark card. */
const larkCards = new Map<number, string>();
let ids: number[] = [];

beforeAll(async () => {
  // The platforms' real deadlines (DingTalk 2 s, Lark 3 s, no second push): an answer later than
  // that is dropped, as Gong counts on, and its card is left for Gong to repair.
  running = await startSandboxGong({
    sources: [SOURCE],
    dingtalk: { apps: [DING], groups: [{ conversationId: 'cidRace' }], callbackTimeoutMs: 2_000 },
    lark: { apps: [{ ...LARK, events: 'websocket' }], ackTimeoutMs: 3_000, maxRepushes: 0, chats: [{ chatId: 'oc_race', members: [MEI] }] },
    config: ({ dingtalk, lark }) => ({
      dingtalk: { ...DING, cardTemplateId: 'gong-alert', apiBase: dingtalk.url },
      lark: { ...LARK, domain: lark.url },
      chats: [
        { name: 'ding', type: 'dingtalk', conversationId: 'cidRace' },
        { name: 'feishu', type: 'lark', chatId: 'oc_race' },
      ],
    }),
  });
  ({ dingtalk, lark, gong } = running);
  for (let i = 0; i < ALERTS; i++) ids.push((await gong.hook({ title: `race ${i}`, severity: 'critical' }, SOURCE)).opened[0]!);
  await quiet();
  for (const id of ids) {
    const card = lark.chatMessages('oc_race').find((m) => m.msgType === 'interactive' && !m.rootId && m.content.includes(`#${id} `));
    larkCards.set(id, card!.messageId);
  }
});

afterAll(async () => {
  await running?.close();
});

const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(gong.gong.parts.database.db, query);

/** No card job waiting, running or due later (the checks after a click's deadline included). */
async function quiet(): Promise<void> {
  await waitFor(
    'no pending card jobs',
    async () => {
      const [row] = await rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name IN ('card-deliver', 'card-update') AND state IN ('created', 'retry', 'active')`,
      );
      return Number(row?.n) === 0 ? true : undefined;
    },
    120_000,
    250,
  );
}

interface CardCheck {
  /** `#id platform`, for each card the platform shows in another state than the alert's. */
  stale: string[];
  /** `#id platform`, for each card Gong records as behind the alert's version. */
  recordedBehind: string[];
}

/** Each card as the platform stores it, against the alert's final state in the database. */
async function checkCards(): Promise<CardCheck> {
  const db = gong.gong.parts.database.db;
  const byId = new Map((await db.select().from(alerts)).map((alert): [number, AlertRow] => [alert.id, alert]));
  const stale: string[] = [];
  for (const id of ids) {
    const alert = byId.get(id)!;
    const ding = cardParams(gong.gong.parts.views(alert, 'ding'));
    const shown = dingtalk.card(`gong-${id}-ding`);
    if (shown?.state !== ding.state || shown?.stateText !== ding.stateText) stale.push(`#${id} dingtalk shows "${shown?.stateText}", not "${ding.stateText}"`);
    const subtitle = (card: unknown) => (card as { header: { subtitle: { content: string } } }).header.subtitle.content;
    const wanted = subtitle(renderLarkCard(gong.gong.parts.views(alert, 'feishu')));
    const shownLark = subtitle(JSON.parse(lark.message(larkCards.get(id)!)!.content));
    if (shownLark !== wanted) stale.push(`#${id} lark shows "${shownLark}", not "${wanted}"`);
  }
  const behind = await rows<{ alert: number; chat: string }>(
    sql`SELECT c.alert_id AS alert, c.chat FROM cards c JOIN alerts a ON a.id = c.alert_id WHERE c.rendered_version < a.version ORDER BY 1, 2`,
  );
  return { stale, recordedBehind: behind.map((row) => `#${row.alert} ${row.chat === 'ding' ? 'dingtalk' : 'lark'}`) };
}

describe('simultaneous clicks on one alert in DingTalk and Lark', () => {
  it(`leave every card showing the final state, ${ALERTS} alerts × ${ROUNDS} rounds`, async () => {
    const answered = { dingtalk: 0, lark: 0, late: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        for (const id of ids) await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'reopen', actor: 'tester' } });
        await quiet();
        expect(await checkCards(), `after reopening, round ${round}`).toEqual({ stale: [], recordedBehind: [] });
      }
      // Odd rounds swap who acknowledges and who resolves; which click leaves first alternates per alert.
      const [dingAction, larkAction] = round % 2 === 0 ? ['ack', 'resolve'] : ['resolve', 'ack'];
      for (let from = 0; from < ALERTS; from += AT_ONCE) {
        const clicks = ids.slice(from, from + AT_ONCE).flatMap((id, i) => {
          const fromDingTalk = () => dingtalk.click({ ...LI, outTrackId: `gong-${id}-ding`, params: { action: dingAction! } }).then(() => void answered.dingtalk++);
          const fromLark = () => lark.click({ appId: LARK.appId, openId: MEI.openId, messageId: larkCards.get(id)!, value: { action: larkAction, alertId: String(id) } }).then(() => void answered.lark++);
          return (from + i + round) % 2 === 0 ? [fromDingTalk(), fromLark()] : [fromLark(), fromDingTalk()];
        });
        // A click answered too late for its platform is dropped there, as on the real ones: Gong repairs the card.
        for (const click of await Promise.allSettled(clicks)) if (click.status === 'rejected') answered.late++;
      }
      await quiet();
      expect(await checkCards(), `after the clicks of round ${round} (${JSON.stringify(answered)})`).toEqual({ stale: [], recordedBehind: [] });
    }
    const [resolved] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM alerts WHERE state = 'resolved'`);
    expect(Number(resolved?.n)).toBe(ALERTS);
  }, 600_000);
});
