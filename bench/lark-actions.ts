/**
 * `npm run bench:lark-actions` — button clicks in Lark against a whole Gong on real Postgres.
 *
 * One Lark app on the long connection, two group chats (A and B), every alert carded in both.
 * Clicks on the chat-A cards (ack, then unack, alternating per alert: every click is an accepted
 * change) at a fixed rate, measuring
 *   (a) click → callback answered (the platform's `click()` promise: state committed, card returned)
 *   (b) click → the same alert's card in chat B showing the new state (PATCHed by Gong's jobs).
 * Targets (DESIGN.md): at 100 clicks/s, p99 (a) < 50 ms and p99 (b) < 1 s.
 *
 * Lark allows an app 50 calls/s and 1000 calls/min (and 5 messages/s per chat); every click needs
 * one PATCH in chat B, so 100 clicks/s cannot fit one app's limits. The default run therefore has
 * two phases, each on a fresh sandbox, Gong and database: the target rate (throttled by the
 * platform, which the output says) and a rate that fits the limits (Gong's own latency).
 *
 * Env: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test), BENCH_PHASES ("100,15":
 * clicks/s per phase), BENCH_SECONDS (30), BENCH_ALERTS (per phase; default from the rate),
 * BENCH_POLLING_SECONDS (Gong's job polling interval; default Gong's own), GONG_BENCH_LOG (Gong's
 * log level), BENCH_GONG_PROF (a directory: CPU profiles of the Gong process).
 * Always exits 0 after printing.
 */
import { availableParallelism, loadavg } from 'node:os';
import { type LarkServer, startLarkServer } from '../src/sandbox/lark/server.js';
import { type CountingProxy, startCountingProxy } from './counting-proxy.js';
import { GongChild, type GongStats } from './gong-process.js';
import { type PgTraffic, startPgCountingProxy, trafficSince } from './pg-counting-proxy.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PHASES = (process.env.BENCH_PHASES ?? '100,15').split(',').map(Number).filter((n) => n > 0);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const POLLING = process.env.BENCH_POLLING_SECONDS ? Number(process.env.BENCH_POLLING_SECONDS) : undefined;
const TARGET_ANSWER_MS = 50;
const TARGET_OTHER_CARD_MS = 1000;
const CLICK_TIMEOUT_MS = 5_000;
const DRAIN_MS = 15_000;
/** Cards are posted at most this many alerts a second: each chat takes 5 messages/s. */
const FIRE_PER_SECOND = 3;

const APP = { appId: 'cli_b0e4c4a1c2d3e4f5', appSecret: 'bench-secret' };
const CHAT_A = 'oc_bench_a';
const CHAT_B = 'oc_bench_b';
const SOURCE = { name: 'bench', type: 'generic' as const, token: 'bench-source-token' };
/** Each ack is by the next of these people, so the chat-B subtitle tells the acks apart. */
const USERS = Array.from({ length: 50 }, (_, i) => ({ openId: `ou_bench${String(i).padStart(2, '0')}`, name: `User${String(i).padStart(2, '0')}` }));

interface Click {
  seq: number;
  kind: 'ack' | 'unack';
  user: string;
  sentAt: number;
  answerMs?: number;
  otherMs?: number;
}

interface AlertState {
  id: number;
  cardA: string;
  cardB: string;
  clicks: Click[];
  acks: number;
  inFlight: boolean;
  broken: boolean;
  /** The newest click chat B is known to show (0: the card as posted). */
  shownSeq: number;
}

interface PhaseResult {
  rate: number;
  alerts: number;
  setupMs: number;
  sent: number;
  skipped: number;
  answers: number[];
  others: number[];
  unseen: number;
  errors: Map<string, number>;
  platform: Map<string, number>;
  gongRssMax: number;
  /** CPU ms per second of the click window: Gong's process and this one (sandbox + load). */
  gongCpu?: number;
  benchCpu?: number;
  gongFinal?: GongStats;
  elapsedMs: number;
  /** Gong's CPU ms per answered click, from the first click until chat B caught up, its idle CPU taken off. */
  cpuPerClick?: number;
  /** Gong's CPU when idle (job polling), ms per second. */
  idleCpu?: number;
  /** What the clicks cost the database, per answered click, idle polling taken off: by pool. */
  dbPerClick?: Map<string, PgTraffic>;
}

/** Idle traffic or CPU over `idleSeconds`, scaled to `seconds` and taken off `busy`. */
function lessIdle(busy: Map<string, PgTraffic>, idle: Map<string, PgTraffic>, idleSeconds: number, seconds: number, clicks: number): Map<string, PgTraffic> {
  const out = new Map<string, PgTraffic>();
  for (const [name, t] of busy) {
    const i = idle.get(name) ?? { statements: 0, roundTrips: 0 };
    const k = seconds / idleSeconds;
    out.set(name, { statements: Math.max(0, t.statements - i.statements * k) / clicks, roundTrips: Math.max(0, t.roundTrips - i.roundTrips * k) / clicks });
  }
  return out;
}

const now = () => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

function cardHeader(content: string): { title: string; subtitle: string } | undefined {
  try {
    const card = JSON.parse(content) as { header?: { title?: { content?: string }; subtitle?: { content?: string } } };
    return { title: card.header?.title?.content ?? '', subtitle: card.header?.subtitle?.content ?? '' };
  } catch {
    return undefined;
  }
}

/** `Critical · Acknowledged by User07 at 10:02` → `ack:User07`; `Critical · Triggered` → `triggered`. */
function stateKey(subtitle: string): string | undefined {
  const ack = / · Acknowledged by (\S+) at /.exec(subtitle);
  if (ack) return `ack:${ack[1]}`;
  if (subtitle.endsWith(' · Triggered')) return 'triggered';
  return undefined;
}

async function runPhase(rate: number): Promise<PhaseResult> {
  const alertCount = Number(process.env.BENCH_ALERTS ?? Math.min(60, Math.max(40, rate)));
  const errors = new Map<string, number>();
  const error = (what: string) => errors.set(what, (errors.get(what) ?? 0) + 1);
  const result: PhaseResult = { rate, alerts: alertCount, setupMs: 0, sent: 0, skipped: 0, answers: [], others: [], unseen: 0, errors, platform: new Map(), gongRssMax: 0, elapsedMs: 0 };
  const started = now();

  let lark: LarkServer | undefined;
  let proxy: CountingProxy | undefined;
  let gong: GongChild | undefined;
  let sampler: NodeJS.Timeout | undefined;
  const pg = await startPgCountingProxy(DATABASE_URL);
  try {
    const members = [...USERS];
    lark = await startLarkServer({
      apps: [{ ...APP, events: 'websocket' }],
      wsClientConfig: { ReconnectInterval: 0.2, ReconnectNonce: 0 },
      chats: [
        { chatId: CHAT_A, name: 'bench-a', members },
        { chatId: CHAT_B, name: 'bench-b', members },
      ],
    });
    proxy = await startCountingProxy(lark.url);
    gong = await GongChild.start({
      databaseUrl: pg.url(DATABASE_URL),
      pollingIntervalSeconds: POLLING,
      config: {
        locale: 'en',
        sources: [SOURCE],
        lark: { ...APP, domain: proxy.url },
        chats: [
          { name: 'a', type: 'lark', chatId: CHAT_A },
          { name: 'b', type: 'lark', chatId: CHAT_B },
        ],
      },
    });
    const child = gong;
    sampler = setInterval(() => {
      void child.stats().then((s) => {
        if (s) result.gongRssMax = Math.max(result.gongRssMax, s.rss);
      });
    }, 1000);
    const server = lark;
    await waitUntil('the long connection', () => server.openConnections(APP.appId) > 0, 20_000);

    // Cards: both chats, paced to the per-chat message limit.
    const setupStart = now();
    const ids: number[] = [];
    for (let i = 0; i < alertCount; i += FIRE_PER_SECOND) {
      const tick = now();
      const batch = Array.from({ length: Math.min(FIRE_PER_SECOND, alertCount - i) }, (_, j) => ({
        title: `bench-${rate}-${i + j}`,
        severity: 'critical',
        labels: { host: `bench-${rate}-${i + j}` },
      }));
      const response = await withTimeout(
        fetch(`${child.url}/hooks/${SOURCE.name}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SOURCE.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(batch),
        }),
        10_000,
        'firing alerts',
      );
      if (!response.ok) throw new Error(`firing alerts: HTTP ${response.status} ${await response.text()}`);
      ids.push(...((await response.json()) as { opened: number[] }).opened);
      await sleep(Math.max(0, 1000 - (now() - tick)));
    }
    const alerts = new Map<number, AlertState>();
    const cardsOf = (chatId: string) => {
      const byAlert = new Map<number, string>();
      for (const m of server.chatMessages(chatId)) {
        if (m.msgType !== 'interactive' || m.rootId) continue;
        const id = /#(\d+) /.exec(cardHeader(m.content)?.title ?? '')?.[1];
        if (id) byAlert.set(Number(id), m.messageId);
      }
      return byAlert;
    };
    await waitUntil(
      `${ids.length} cards in each chat`,
      () => {
        const a = cardsOf(CHAT_A);
        const b = cardsOf(CHAT_B);
        return ids.every((id) => a.has(id) && b.has(id));
      },
      60_000,
      250,
    ).catch((e: unknown) => error(`setup: ${(e as Error).message}`));
    const a = cardsOf(CHAT_A);
    const b = cardsOf(CHAT_B);
    for (const id of ids) {
      const cardA = a.get(id);
      const cardB = b.get(id);
      if (cardA && cardB) alerts.set(id, { id, cardA, cardB, clicks: [], acks: 0, inFlight: false, broken: false, shownSeq: 0 });
    }
    result.alerts = alerts.size;
    result.setupMs = now() - setupStart;
    if (alerts.size === 0) throw new Error('no alert has a card in both chats');

    // Chat B: credit every click up to the newest one the card now shows.
    const byCardB = new Map([...alerts.values()].map((s) => [s.cardB, s]));
    const onChange = (detail: Record<string, string>) => {
      const state = detail.messageId === undefined ? undefined : byCardB.get(detail.messageId);
      if (!state || detail.kind !== 'message') return;
      const at = now();
      const key = stateKey(cardHeader(server.message(state.cardB)?.content ?? '')?.subtitle ?? '');
      if (!key) return;
      // The card only moves forward; a "Triggered" after click n shows the first unack after n at least.
      const shown = state.clicks.find((c) => c.seq > state.shownSeq && (key === 'triggered' ? c.kind === 'unack' : `ack:${c.user}` === key));
      if (!shown) return;
      for (const c of state.clicks) if (c.seq <= shown.seq && c.otherMs === undefined) c.otherMs = at - c.sentAt;
      state.shownSeq = shown.seq;
    };
    server.on('change', onChange);

    // Clicks: `rate` a second, round-robin over the alerts whose previous click has been answered.
    const order = [...alerts.values()];
    let cursor = 0;
    const pending = new Set<Promise<void>>();
    const click = (state: AlertState) => {
      const last = state.clicks.at(-1);
      const kind: Click['kind'] = last?.kind === 'ack' ? 'unack' : 'ack';
      const user = kind === 'ack' ? USERS[state.acks++ % USERS.length]! : USERS[0]!;
      const c: Click = { seq: (last?.seq ?? 0) + 1, kind, user: user.name, sentAt: now() };
      state.clicks.push(c);
      state.inFlight = true;
      result.sent++;
      const p = withTimeout(
        server.click({ appId: APP.appId, openId: user.openId, messageId: state.cardA, value: { action: kind, alertId: String(state.id) } }),
        CLICK_TIMEOUT_MS,
        'click',
      )
        .then((answer) => {
          c.answerMs = now() - c.sentAt;
          if (answer.toast?.type !== 'success') {
            error(`click answered ${answer.toast?.type ?? 'without a toast'}: ${answer.toast?.content ?? ''}`.slice(0, 120));
            state.broken = true;
          }
        })
        .catch((e: unknown) => {
          error(`click failed: ${(e as Error).message}`.slice(0, 120));
          state.broken = true;
        })
        .finally(() => {
          state.inFlight = false;
          pending.delete(p);
        });
      pending.add(p);
    };
    // Gong idle (job polling only), to take off what the clicks cost.
    await sleep(2000);
    const idleFrom = { cpu: await gong.stats(), pg: pg.counts(), at: now() };
    await sleep(3000);
    const idleTo = { cpu: await gong.stats(), pg: pg.counts(), at: now() };
    const idleSeconds = (idleTo.at - idleFrom.at) / 1000;
    if (idleFrom.cpu && idleTo.cpu) result.idleCpu = (idleTo.cpu.cpuMs - idleFrom.cpu.cpuMs) / idleSeconds;
    const idlePg = trafficSince(idleFrom.pg, idleTo.pg);
    const pgBefore = pg.counts();
    const cpuBefore = await gong.stats();
    const benchCpuBefore = process.cpuUsage();
    const loadStart = now();
    const loadMs = SECONDS * 1000;
    for (;;) {
      const elapsed = now() - loadStart;
      if (elapsed >= loadMs) break;
      const due = Math.floor((elapsed / 1000) * rate) - result.sent - result.skipped;
      for (let k = 0; k < due; k++) {
        let picked: AlertState | undefined;
        for (let tries = 0; tries < order.length && !picked; tries++) {
          const candidate = order[cursor]!;
          cursor = (cursor + 1) % order.length;
          if (!candidate.inFlight && !candidate.broken) picked = candidate;
        }
        if (picked) click(picked);
        else result.skipped++;
      }
      await sleep(2);
    }
    const cpuAfter = await gong.stats();
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const window = (now() - loadStart) / 1000;
    if (cpuBefore && cpuAfter) result.gongCpu = (cpuAfter.cpuMs - cpuBefore.cpuMs) / window;
    result.benchCpu = (benchCpu.user + benchCpu.system) / 1000 / window;
    await withTimeout(Promise.allSettled([...pending]), CLICK_TIMEOUT_MS + 1000, 'last clicks').catch(() => error('last clicks never settled'));

    // Chat B catches up, or the rest counts as unseen.
    const all = () => [...alerts.values()].flatMap((s) => s.clicks.filter((c) => c.answerMs !== undefined));
    await waitUntil('chat B to show every click', () => all().every((c) => c.otherMs !== undefined), DRAIN_MS, 100).catch(() => {});
    server.off('change', onChange);
    const busySeconds = (now() - loadStart) / 1000;
    const cpuDrained = await gong.stats();
    const answered = all().length;
    if (cpuBefore && cpuDrained && result.idleCpu !== undefined && answered > 0) {
      result.cpuPerClick = (cpuDrained.cpuMs - cpuBefore.cpuMs - result.idleCpu * busySeconds) / answered;
      result.dbPerClick = lessIdle(trafficSince(pgBefore, pg.counts()), idlePg, idleSeconds, busySeconds, answered);
    }
    for (const c of all()) {
      result.answers.push(c.answerMs!);
      if (c.otherMs === undefined) result.unseen++;
      else result.others.push(c.otherMs);
    }
    result.gongFinal = await gong.stats();
    if (result.gongFinal) result.gongRssMax = Math.max(result.gongRssMax, result.gongFinal.rss);
  } catch (e) {
    error(`phase aborted: ${(e as Error).message}`);
  } finally {
    if (sampler) clearInterval(sampler);
    result.platform = new Map(proxy?.counts() ?? []);
    await gong?.stop().catch(() => {});
    await proxy?.stop().catch(() => {});
    await lark?.stop().catch(() => {});
    await pg.stop().catch(() => {});
    result.elapsedMs = now() - started;
  }
  return result;
}

async function waitUntil(what: string, check: () => boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!check()) {
    if (now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : x === Infinity ? 'never' : 'n/a');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function report(r: PhaseResult): boolean {
  const answers = [...r.answers].sort((x, y) => x - y);
  // A click chat B never showed counts as infinitely slow.
  const others = [...r.others, ...Array<number>(r.unseen).fill(Infinity)].sort((x, y) => x - y);
  const a99 = percentile(answers, 0.99);
  const b99 = percentile(others, 0.99);
  const errorCount = [...r.errors.values()].reduce((s, n) => s + n, 0);
  const passA = answers.length > 0 && a99 < TARGET_ANSWER_MS && errorCount === 0;
  const passB = others.length > 0 && b99 < TARGET_OTHER_CARD_MS;
  const count = (kind: string, test: (status: string, code: string) => boolean) =>
    [...r.platform].filter(([k]) => k.startsWith(`${kind} `)).reduce((s, [k, n]) => {
      const [status, code] = k.slice(kind.length + 1).split('/') as [string, string];
      return test(status, code) ? s + n : s;
    }, 0);
  const throttled = (status: string, code: string) => status === '429' || code === '99991400' || code === '230020';
  const patches = count('patch', () => true);
  const throttledTotal = [...r.platform].reduce((s, [k, n]) => {
    const [status, code] = (k.split(' ').at(-1) ?? '').split('/') as [string, string];
    return throttled(status, code) ? s + n : s;
  }, 0);

  console.log(`\n── ${r.rate} clicks/s for ${SECONDS} s · ${r.alerts} alerts, each carded in chat A and chat B (one Lark app) ──`);
  console.log(`setup: ${r.alerts} alerts × 2 cards in ${(r.setupMs / 1000).toFixed(1)} s · phase ${(r.elapsedMs / 1000).toFixed(1)} s`);
  console.log(`clicks: ${r.sent} sent (${(r.sent / SECONDS).toFixed(1)}/s), ${answers.length} answered, ${r.skipped} skipped (no alert free to click)`);
  console.log(`(a) click → callback answered:   p50 ${ms(percentile(answers, 0.5))}  p99 ${ms(a99)}  max ${ms(answers.at(-1) ?? NaN)}  → ${passA ? 'PASS' : 'FAIL'} (p99 < ${TARGET_ANSWER_MS} ms, no errors)`);
  console.log(`(b) click → chat B card updated: p50 ${ms(percentile(others, 0.5))}  p99 ${ms(b99)}  seen ${r.others.length}, unseen after ${DRAIN_MS / 1000} s ${r.unseen}  → ${passB ? 'PASS' : 'FAIL'} (p99 < ${TARGET_OTHER_CARD_MS} ms)`);
  console.log(`errors: ${errorCount}${[...r.errors].map(([k, n]) => `\n  ${n} × ${k}`).join('')}`);
  console.log(`Lark answers to Gong (kind status/code × n): ${[...r.platform].sort().map(([k, n]) => `${k} × ${n}`).join(', ') || 'none'}`);
  console.log(`throttled (HTTP 429 / 99991400 / 230020): ${throttledTotal} · PATCH calls ${patches} (${count('patch', throttled)} throttled) · sends throttled ${count('send', throttled)}`);
  // Calls the one app makes within about a minute: the cards, then one PATCH per click.
  const calls = 2 * r.alerts + r.rate * SECONDS;
  if (r.rate > 50 || calls > 1000) {
    console.log(`note: every click needs one PATCH in chat B: ${r.rate}/s (${calls} calls in ~a minute with the cards) is over Lark's per-app limits (50/s, 1000/min), so (b) here includes the platform's throttling.`);
  }
  if (r.gongCpu !== undefined) console.log(`CPU while clicking: Gong ${(r.gongCpu / 10).toFixed(0)}% of a core (${(r.gongCpu / Math.max(1, r.sent / SECONDS)).toFixed(1)} ms a click), sandbox + load ${((r.benchCpu ?? 0) / 10).toFixed(0)}%`);
  if (r.cpuPerClick !== undefined) {
    console.log(`CPU per click: ${r.cpuPerClick.toFixed(2)} ms (Gong, from the first click until chat B caught up, idle ${((r.idleCpu ?? 0) / 10).toFixed(1)}% of a core taken off; target ≤ 3 ms)`);
  }
  if (r.dbPerClick) {
    const pools = [...r.dbPerClick].filter(([name]) => name === 'gong' || name === 'pgboss').map(([name, t]) => `${name}: ${t.statements.toFixed(1)} statements in ${t.roundTrips.toFixed(1)} round trips`);
    console.log(`database per click (idle polling taken off): ${pools.join(' · ')}`);
  }
  console.log(`Gong process RSS: max ${mb(r.gongRssMax)}${r.gongFinal ? `, final ${mb(r.gongFinal.rss)}; queues at the end ${JSON.stringify(r.gongFinal.queues)}` : ''}`);
  return passA && passB;
}

async function main(): Promise<void> {
  console.log(`bench:lark-actions — Postgres ${DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')}, phases ${PHASES.join(', ')} clicks/s × ${SECONDS} s, Gong job polling ${POLLING ?? 'default'} s`);
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`date ${new Date().toISOString()} · database PostgreSQL · machine: ${availableParallelism()} cores, load average ${load()} (other work on the machine inflates every latency)`);
  const verdicts: string[] = [];
  for (const rate of PHASES) {
    const r = await runPhase(rate);
    verdicts.push(`${rate}/s: ${report(r) ? 'PASS' : 'FAIL'}`);
  }
  console.log(`\nload average at the end ${load()}`);
  console.log(`bench process RSS ${mb(process.memoryUsage().rss)} (local Lark server + load)`);
  console.log(`verdict: ${verdicts.join(' · ')}`);
}

const watchdog = setTimeout(() => {
  console.log('bench:lark-actions: watchdog fired after 10 minutes; exiting');
  process.exit(0);
}, 10 * 60_000);
watchdog.unref();

main()
  .catch((e: unknown) => console.log(`bench:lark-actions failed: ${e instanceof Error ? e.stack : String(e)}`))
  .finally(() => process.exit(0));
