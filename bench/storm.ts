/**
 * `npm run bench:storm`: 10,000 alerts in 60 s, routed to one DingTalk custom robot, one Lark app
 * chat and one WeCom group robot, through a whole Gong (real job queue, real database:
 * TEST_DATABASE_URL, else PGlite) against the local DingTalk, Lark and WeCom servers, which
 * enforce the real limits (DingTalk robot 20/min then a 10-minute block; Lark 5/s per chat;
 * WeCom robot 20/min). Two storms, each on a fresh Gong and database:
 * - `alone`: every alert its own incident (no group), so storm folding has to fold them;
 * - `grouped`: the same alerts in 20 groups (the generic source's `group`, as Alertmanager's
 *   `groupKey`), so 20 incidents open and each chat gets 20 live cards, kept current.
 * Prints, per destination: cards posted, messages sent (and Lark card updates), the most messages
 * in any 60-second window, throttle answers received (must be 0), incidents represented in a card
 * or a summary (must be all); then the incidents opened, the time until every card and summary is
 * current, peak RSS (of this process, which also hosts the platform servers and the load
 * generator) and the machine's core count.
 * `BENCH_ALERTS` and `BENCH_SECONDS` shrink the storm for a quick run; `BENCH_SCENARIOS=grouped`
 * (or `alone`) runs one.
 */
import { availableParallelism } from 'node:os';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/rows.js';
import { startFaultProxy } from '../src/sandbox/fault-proxy.js';
import { startDingTalkServer } from '../src/sandbox/dingtalk/server.js';
import { startLarkServer } from '../src/sandbox/lark/server.js';
import { startWeComServer } from '../src/sandbox/wecom/server.js';
import { startTestGong, waitFor } from '../test/helpers/gong.js';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const BATCH = 100;
const WECOM_KEY = 'storm-wecom';
const CHATS = ['robot', 'lark', 'wecom'];
const ROBOT = { accessToken: 'storm-robot', secret: 'SECstorm', keywords: ['alert'] };
const APP = { appId: 'cli_5707a5707a5707a5', appSecret: 'storm-app-secret' };
const SOURCE = { name: 'bench', type: 'generic' as const, token: 'bench-source-token' };
const NAMES = ['HighCPU', 'DiskFull', 'PodCrashLooping', 'HighLatency', 'ErrorBudgetBurn'];
const GROUPS = 20;

interface Scenario {
  name: string;
  /** How many incidents the storm must open (every alert its own, or one per group). */
  incidents: number;
  alert(n: number): Record<string, unknown>;
}

function plainAlert(n: number): Record<string, unknown> {
  const name = NAMES[n % NAMES.length]!;
  return { title: name, severity: n % 10 === 0 ? 'critical' : 'warning', labels: { alertname: name, instance: `host-${n}` } };
}

const SCENARIOS: Scenario[] = [
  { name: 'alone', incidents: ALERTS, alert: plainAlert },
  // One group per node: each batch of 100 brings five alerts to every one of the 20 incidents.
  { name: 'grouped', incidents: Math.min(GROUPS, ALERTS), alert: (n) => ({ ...plainAlert(n), group: `node-${n % GROUPS}` }) },
];

/** The most events inside any window of `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function main(): Promise<void> {
  console.info = () => undefined;
  const chosen = (process.env.BENCH_SCENARIOS ?? SCENARIOS.map((s) => s.name).join(',')).split(',');
  console.log(`${availableParallelism()} cores; ${ALERTS} alerts in ${SECONDS} s per storm`);
  let ok = true;
  for (const scenario of SCENARIOS.filter((s) => chosen.includes(s.name))) ok = (await runStorm(scenario)) && ok;
  console.log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
}

/** One storm on a fresh Gong and database; whether it met every figure. */
async function runStorm(scenario: Scenario): Promise<boolean> {
  console.log(`\n== storm "${scenario.name}": ${scenario.name === 'grouped' ? `${GROUPS} groups` : 'every alert alone'} ==`);
  const dingtalk = await startDingTalkServer({ robots: [ROBOT] });
  const lark = await startLarkServer({ apps: [{ ...APP, events: 'websocket' }], chats: [{ chatId: 'oc_storm', name: 'storm', members: [] }] });
  // Pass-through proxies (no faults) that count every throttle answer the platforms give.
  const dingProxy = await startFaultProxy({ target: dingtalk.url, rate: 0, kinds: [] });
  const larkProxy = await startFaultProxy({ target: lark.url, rate: 0, kinds: [] });
  const wecom = await startWeComServer({ robots: [{ key: WECOM_KEY }] });
  const wecomProxy = await startFaultProxy({ target: wecom.url, rate: 0, kinds: [] });
  const gong = await startTestGong({
    sources: [SOURCE],
    config: {
      lark: { ...APP, domain: larkProxy.url },
      chats: [
        { name: 'robot', type: 'dingtalk-webhook', webhook: `${dingProxy.url}/robot/send?access_token=${ROBOT.accessToken}`, secret: ROBOT.secret, keywords: ROBOT.keywords },
        { name: 'lark', type: 'lark', chatId: 'oc_storm' },
        { name: 'wecom', type: 'wecom-webhook', webhook: `${wecomProxy.url}/cgi-bin/webhook/send?key=${WECOM_KEY}` },
      ],
    },
  });
  const db = gong.gong.parts.database.db;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  try {
    await waitFor('the Lark long connection', async () => (lark.openConnections(APP.appId) > 0 ? true : undefined), 60_000);
    const started = Date.now();
    const batches = Math.ceil(ALERTS / BATCH);
    for (let b = 0; b < batches; b++) {
      const alerts = Array.from({ length: Math.min(BATCH, ALERTS - b * BATCH) }, (_, i) => scenario.alert(b * BATCH + i));
      const res = await fetch(`${gong.url}/hooks/${SOURCE.name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SOURCE.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!res.ok) throw new Error(`ingest answered ${res.status}`);
      const due = started + ((b + 1) * SECONDS * 1000) / batches;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    }
    const ingested = Date.now();
    console.log(`ingested ${ALERTS} alerts in ${((ingested - started) / 1000).toFixed(1)} s`);

    // Current: every alert has a card or a place in a summary in both chats, every card shows
    // its alert's version, every summary its latest counts, and no delivery job is waiting.
    const pending = async () => {
      const [row] = await queryRows<{ unplaced: number; stale_cards: number; stale_summaries: number; jobs: number }>(
        db,
        sql`SELECT
          (SELECT count(*) FROM alerts a CROSS JOIN unnest(${`{${CHATS.join(',')}}`}::text[]) c(chat)
             WHERE NOT EXISTS (SELECT 1 FROM cards k WHERE k.alert_id = a.id AND k.chat = c.chat)
               AND NOT EXISTS (SELECT 1 FROM folded_alerts f WHERE f.alert_id = a.id AND f.chat = c.chat))::int AS unplaced,
          (SELECT count(*) FROM cards k JOIN alerts a ON a.id = k.alert_id WHERE k.rendered_version < a.version)::int AS stale_cards,
          (SELECT count(*) FROM storm_summaries WHERE rendered_version < version)::int AS stale_summaries,
          (SELECT count(*) FROM pgboss.job WHERE state IN ('created', 'retry', 'active'))::int AS jobs`,
      );
      return row!;
    };
    let last = await pending();
    let reported = Date.now();
    await waitFor(
      'every card and summary current',
      async () => {
        last = await pending();
        if (Date.now() - reported > 10_000) {
          reported = Date.now();
          const robot = dingtalk.robotMessages(ROBOT.accessToken).map((m) => m.at);
          const chat = lark.chatMessages('oc_storm').map((m) => m.createTime);
          const wecomTimes = wecom.messages(WECOM_KEY).map((m) => m.at);
          console.log(`${((reported - ingested) / 1000).toFixed(0)} s after the storm:`, last, {
            robotMaxPerMinute: maxInWindow(robot, 60_000),
            larkMaxPerMinute: maxInWindow(chat, 60_000),
            wecomMaxPerMinute: maxInWindow(wecomTimes, 60_000),
            throttled: dingProxy.stats.throttled + larkProxy.stats.throttled + wecomProxy.stats.throttled,
            peakRssMb: Math.round(peakRss / 1024 / 1024),
          });
        }
        return last.unplaced + last.stale_cards + last.stale_summaries + last.jobs === 0 ? true : undefined;
      },
      15 * 60_000,
      1_000,
    ).catch((error: unknown) => console.log(String(error), last));
    const current = Date.now();

    const perChat = await queryRows<{ chat: string; cards: number; folded: number; represented: number }>(
      db,
      sql`SELECT c.chat,
          (SELECT count(*) FROM cards k WHERE k.chat = c.chat)::int AS cards,
          (SELECT count(*) FROM folded_alerts f WHERE f.chat = c.chat)::int AS folded,
          (SELECT count(*) FROM alerts a WHERE EXISTS (SELECT 1 FROM cards k WHERE k.alert_id = a.id AND k.chat = c.chat)
             OR EXISTS (SELECT 1 FROM folded_alerts f WHERE f.alert_id = a.id AND f.chat = c.chat))::int AS represented
        FROM unnest(${`{${CHATS.join(',')}}`}::text[]) c(chat)`,
    );
    const [total] = await queryRows<{ incidents: number; alerts: number }>(db, sql`SELECT (SELECT count(*) FROM alerts)::int AS incidents, (SELECT count(*) FROM incident_alerts)::int AS alerts`);
    const robotTimes = dingtalk.robotMessages(ROBOT.accessToken).map((m) => m.at);
    const larkTimes = lark.chatMessages('oc_storm').map((m) => m.createTime);
    const wecomTimes = wecom.messages(WECOM_KEY).map((m) => m.at);
    const rows = [
      { destination: 'DingTalk custom robot', limit: '20/min', messages: robotTimes.length, maxPerMinute: maxInWindow(robotTimes, 60_000), throttled: dingProxy.stats.throttled, ...perChat.find((c) => c.chat === 'robot') },
      { destination: 'Lark chat (app bot)', limit: '5/s', messages: larkTimes.length, cardUpdates: lark.callCount('PATCH /open-apis/im/v1/messages/:id'), maxPerMinute: maxInWindow(larkTimes, 60_000), maxPerSecond: maxInWindow(larkTimes, 1_000), throttled: larkProxy.stats.throttled, ...perChat.find((c) => c.chat === 'lark') },
      { destination: 'WeCom group robot', limit: '20/min', messages: wecomTimes.length, maxPerMinute: maxInWindow(wecomTimes, 60_000), throttled: wecomProxy.stats.throttled, ...perChat.find((c) => c.chat === 'wecom') },
    ];
    console.table(rows.map(({ chat: _chat, ...row }) => row));
    console.log(`alerts stored: ${total!.alerts} of ${ALERTS} sent, in ${total!.incidents} incidents (expected ${scenario.incidents})`);
    console.log(`every card and summary current ${((current - ingested) / 1000).toFixed(1)} s after the last alert arrived (${((current - started) / 1000).toFixed(1)} s after the first)`);
    console.log(`peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (this process: Gong + the platform servers + load); ${availableParallelism()} cores`);
    const ok =
      total!.incidents === scenario.incidents &&
      total!.alerts === ALERTS &&
      rows.every((r) => r.throttled === 0 && r.represented === scenario.incidents) &&
      rows[0]!.maxPerMinute <= 20 &&
      rows[2]!.maxPerMinute <= 20;
    console.log(`storm "${scenario.name}": ${ok ? 'pass' : 'FAIL'}`);
    return ok;
  } finally {
    clearInterval(sampler);
    await gong.close();
    await dingProxy.stop();
    await larkProxy.stop();
    await wecomProxy.stop();
    await wecom.stop();
    await lark.stop();
    await dingtalk.stop();
  }
}

await main();
