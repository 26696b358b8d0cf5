/**
 * `npm run bench:dingtalk-actions`: a whole Gong (real dingtalk-stream client, real database)
 * against the local DingTalk. Alerts have cards in two groups; people click the first group's
 * cards at 100 clicks/s for 30 s, alternating Acknowledge / Unacknowledge across many alerts.
 * Measures click → callback response (state committed) and click → the second group's card
 * showing the new state (card-update job). Set TEST_DATABASE_URL for PostgreSQL, else PGlite.
 */
import { availableParallelism, loadavg } from 'node:os';
import { startDingTalkServer } from '../src/sandbox/dingtalk/server.js';
import { startTestGong, waitFor } from '../test/helpers/gong.js';
import { type PgCountingProxy, startPgCountingProxy, trafficSince } from './pg-counting-proxy.js';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
// Each alert is clicked every ALERTS / RATE seconds: long enough for its previous update to land.
const ALERTS = Number(process.env.BENCH_ALERTS ?? 200);
const TARGET_RESPONSE_P99_MS = 50;
const TARGET_OTHER_CARD_P99_MS = 1000;
const APP = { clientId: 'dingbench', clientSecret: 'bench-secret' };
const SOURCE = { name: 'bench', type: 'generic' as const, token: 'bench-source-token' };

const now = () => performance.now();

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  // The SDK prints "connect success" with console.info.
  console.info = () => undefined;
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  const databaseUrl = process.env.TEST_DATABASE_URL;
  console.log(`bench:dingtalk-actions — date ${new Date().toISOString()} · database ${databaseUrl ? 'PostgreSQL' : 'PGlite (embedded)'} · machine: ${availableParallelism()} cores, load average ${load()} · ${RATE} clicks/s × ${SECONDS} s over ${ALERTS} alerts`);
  // On PostgreSQL, Gong's connections go through a proxy that counts statements and round trips.
  let pg: PgCountingProxy | undefined;
  if (databaseUrl) {
    pg = await startPgCountingProxy(databaseUrl);
    process.env.TEST_DATABASE_URL = pg.url(databaseUrl);
  }
  const server = await startDingTalkServer({ apps: [APP], groups: [{ conversationId: 'cidA' }, { conversationId: 'cidB' }] });
  const gong = await startTestGong({
    sources: [SOURCE],
    config: {
      dingtalk: { ...APP, cardTemplateId: 'bench.schema', apiBase: server.url },
      chats: [
        { name: 'a', type: 'dingtalk', conversationId: 'cidA' },
        { name: 'b', type: 'dingtalk', conversationId: 'cidB' },
      ],
    },
  });
  try {
    const alerts = Array.from({ length: ALERTS }, (_, i) => ({ title: `bench alert ${i}`, severity: 'warning', labels: { n: String(i) } }));
    const res = await fetch(`${gong.url}/hooks/${SOURCE.name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SOURCE.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    const ids = ((await res.json()) as { opened: number[] }).opened;
    const setupStarted = now();
    await waitFor(
      `${ids.length * 2} cards`,
      async () => (ids.every((id) => server.card(`gong-${id}-a`) && server.card(`gong-${id}-b`)) ? true : undefined),
      600_000,
      250,
    );
    console.log(`${ids.length} alerts, ${ids.length * 2} cards delivered in ${((now() - setupStarted) / 1000).toFixed(1)} s`);

    // Every change of a group-B card, with the time it happened.
    const waiting = new Map<string, { state: string; clickedAt: number; resolve: (at: number) => void }>();
    server.on('change', (event) => {
      if (event.type !== 'card') return;
      const wait = waiting.get(event.outTrackId);
      if (wait && event.cardParamMap.state === wait.state) {
        waiting.delete(event.outTrackId);
        wait.resolve(now());
      }
    });

    const responseMs: number[] = [];
    const otherCardMs: number[] = [];
    const errors = new Map<string, number>();
    const pending: Promise<void>[] = [];
    const total = RATE * SECONDS;
    // Idle first (job polling only), to take it off what the clicks cost.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idleFrom = { cpu: process.cpuUsage(), pg: pg?.counts(), at: now() };
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idleCpu = process.cpuUsage(idleFrom.cpu);
    const idleSeconds = (now() - idleFrom.at) / 1000;
    const idlePg = pg && idleFrom.pg ? trafficSince(idleFrom.pg, pg.counts()) : undefined;
    const cpuFrom = process.cpuUsage();
    const pgFrom = pg?.counts();
    const started = now();
    for (let n = 0; n < total; n += 1) {
      const due = started + (n * 1000) / RATE;
      const wait = due - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const id = ids[n % ids.length]!;
      // Round n over all alerts: even rounds acknowledge, odd rounds take it back.
      const action = Math.floor(n / ids.length) % 2 === 0 ? 'ack' : 'unack';
      const expected = action === 'ack' ? 'acknowledged' : 'triggered';
      const clickedAt = now();
      const otherCard = new Promise<number>((resolve) => waiting.set(`gong-${id}-b`, { state: expected, clickedAt, resolve }));
      pending.push(
        server
          .click({ userId: `user${n % 50}`, outTrackId: `gong-${id}-a`, params: { action } })
          .then(async (response) => {
            responseMs.push(now() - clickedAt);
            const state = (response as { cardData?: { cardParamMap?: { state?: string } } }).cardData?.cardParamMap?.state;
            if (state !== expected) throw new Error(`card answered ${String(state)}, expected ${expected}`);
            const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 30_000));
            const at = await Promise.race([otherCard, timeout]);
            if (Number.isNaN(at)) throw new Error('other card not updated within 30 s');
            otherCardMs.push(at - clickedAt);
          })
          .catch((error: unknown) => {
            const key = error instanceof Error ? error.message : String(error);
            errors.set(key, (errors.get(key) ?? 0) + 1);
          }),
      );
    }
    const sent = (now() - started) / 1000;
    await Promise.all(pending);
    const busySeconds = (now() - started) / 1000;
    const cpu = process.cpuUsage(cpuFrom);
    const cpuMs = (cpu.user + cpu.system) / 1000 - ((idleCpu.user + idleCpu.system) / 1000 / idleSeconds) * busySeconds;

    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    const responseP99 = percentile(responseMs, 99);
    const otherP99 = percentile(otherCardMs, 99);
    console.log(`clicks: ${total} in ${sent.toFixed(1)} s (${(total / sent).toFixed(1)}/s), ${responseMs.length} answered, ${otherCardMs.length} other cards updated`);
    console.log(`click → callback response: p50 ${fmt(percentile(responseMs, 50))}, p99 ${fmt(responseP99)} (target p99 < ${TARGET_RESPONSE_P99_MS} ms) ${verdict(responseP99 < TARGET_RESPONSE_P99_MS && responseMs.length === total)}`);
    console.log(`click → other group's card updated: p50 ${fmt(percentile(otherCardMs, 50))}, p99 ${fmt(otherP99)} (target p99 < ${TARGET_OTHER_CARD_P99_MS} ms) ${verdict(otherP99 < TARGET_OTHER_CARD_P99_MS && otherCardMs.length === total)}`);
    for (const [message, count] of errors) console.log(`errors: ${count} × ${message}`);
    // Gong runs in this process beside the local DingTalk and the load: this is all three.
    console.log(`CPU per click: ${(cpuMs / Math.max(1, responseMs.length)).toFixed(2)} ms (this process: Gong + local DingTalk + load, from the first click until the other cards were updated, idle taken off; target for Gong ≤ 3 ms)`);
    if (pg && pgFrom && idlePg) {
      const busy = trafficSince(pgFrom, pg.counts());
      const perClick = [...busy]
        .filter(([name]) => name === 'gong' || name === 'pgboss')
        .map(([name, t]) => {
          const idle = idlePg.get(name) ?? { statements: 0, roundTrips: 0 };
          const k = busySeconds / idleSeconds;
          const n = Math.max(1, responseMs.length);
          return `${name}: ${(Math.max(0, t.statements - idle.statements * k) / n).toFixed(1)} statements in ${(Math.max(0, t.roundTrips - idle.roundTrips * k) / n).toFixed(1)} round trips`;
        });
      console.log(`database per click (clicks and the other cards' updates, idle polling taken off): ${perClick.join(' · ')}`);
    }
    console.log(`load average at the end ${load()}`);
  } finally {
    await gong.close();
    await server.stop();
    await pg?.stop();
  }
}

await main();
