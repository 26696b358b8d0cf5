/**
 * `npm run bench:ingest`: Alertmanager batches of 100 into real Postgres, two ways on the same
 * machine and the same data — over HTTP through a running Gong, and straight through
 * `ingestBatch` (the same batched upsert + timeline + job statements, no HTTP, no JSON, no
 * validation) — and the ratio of the two. DESIGN.md's targets: ratio ≥ 0.5, p99 < 100 ms.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names the server; the
 * benchmark creates and drops its own databases there. BENCH_BATCHES (default 600) and
 * BENCH_CONCURRENCY (default 8) size the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import postgres from 'postgres';
import { ingestBatch } from '../src/alerts/ingest.js';
import { parseConfig } from '../src/config/load.js';
import { toRuntimeConfig } from '../src/config/runtime-config.js';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { startJobQueue } from '../src/db/job-queue.js';
import { startGong } from '../src/main.js';
import { parsePayload } from '../src/sources/parse-payload.js';
import type { NormalizedAlert } from '../src/sources/normalized-alert.js';
import { createServerDatabase } from '../test/helpers/gong.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCHES = Number(process.env.BENCH_BATCHES ?? 600);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const BATCH_SIZE = 100;
const WARMUP_BATCHES = 20;
/** Per batch: this many new fingerprints, repeats of a hot pool, and resolutions from that pool. */
const MIX = { fresh: 50, repeat: 45, resolved: 5 };
const HOT_POOL = 1_000;
const SOURCE = { name: 'prometheus', type: 'alertmanager' as const, token: `bench-${randomBytes(8).toString('hex')}` };
// Failed requests are counted and summarised below; Gong's own error lines would bury the figures.
const logger = pino({ level: process.env.BENCH_LOG ?? 'fatal' });

interface Timed {
  seconds: number;
  latenciesMs: number[];
  errors: string[];
}

// ---------------------------------------------------------------------------------------------
// Workload: the same Alertmanager webhook bodies feed both paths.

function makeBodies(count: number, tag: string): string[] {
  let next = 0;
  const alert = (id: string, status: 'firing' | 'resolved') => ({
    status,
    labels: { alertname: 'BenchHighLatency', instance: `${id}.example:9100`, job: 'node', severity: 'critical', tag },
    annotations: { summary: `p99 latency above 250ms on ${id}`, runbook: 'https://runbooks.example/latency' },
    startsAt: '2026-01-01T00:00:00Z',
    endsAt: status === 'resolved' ? '2026-01-01T00:05:00Z' : '0001-01-01T00:00:00Z',
    generatorURL: `http://prometheus.example/graph?g0.expr=latency%7Binstance%3D%22${id}%22%7D`,
  });
  const pick = () => `hot-${Math.floor(Math.random() * HOT_POOL)}`;
  return Array.from({ length: count }, () => {
    const alerts = [
      ...Array.from({ length: MIX.fresh }, () => alert(`new-${next++}`, 'firing')),
      ...Array.from({ length: MIX.repeat }, () => alert(pick(), 'firing')),
      ...Array.from({ length: MIX.resolved }, () => alert(pick(), 'resolved')),
    ];
    return JSON.stringify({
      version: '4',
      groupKey: '{}:{alertname="BenchHighLatency"}',
      status: 'firing',
      receiver: 'gong',
      groupLabels: { alertname: 'BenchHighLatency' },
      commonLabels: { alertname: 'BenchHighLatency', job: 'node' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager.example:9093',
      alerts,
    });
  });
}

function normalized(bodies: string[]): NormalizedAlert[][] {
  return bodies.map((body) => {
    const parsed = parsePayload('alertmanager', JSON.parse(body));
    if (!parsed.ok) throw new Error(`benchmark payload is invalid: ${parsed.error}`);
    return parsed.alerts;
  });
}

/** Runs `work(i)` for every index with `CONCURRENCY` in flight, timing each call. */
async function drive(count: number, work: (i: number) => Promise<void>): Promise<Timed> {
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        try {
          await work(i);
        } catch (error) {
          const cause = (error as { cause?: { message?: string; code?: string } }).cause;
          errors.push(cause?.message ? `${cause.code ?? ''} ${cause.message}` : (error as Error).message.slice(0, 300));
        }
        latenciesMs.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latenciesMs, errors };
}

// ---------------------------------------------------------------------------------------------
// The two paths


async function countRows(url: string): Promise<{ alerts: number; open: number; events: number }> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client<{ alerts: number; open: number; events: number }[]>`
      SELECT (SELECT count(*)::int FROM alerts) AS alerts,
             (SELECT count(*)::int FROM alerts WHERE state <> 'resolved') AS open,
             (SELECT count(*)::int FROM alert_events) AS events`;
    return row!;
  } finally {
    await client.end();
  }
}

/** `ingestBatch` on a fresh database, with the pool and job queue Gong itself would open. */
async function runRaw(url: string, warmup: NormalizedAlert[][], batches: NormalizedAlert[][]): Promise<Timed> {
  const database = await openDatabase({ url, dataDir: 'unused' });
  await migrate(database);
  const jobs = await startJobQueue(database, logger);
  // Built apart from the call so it also fits an IngestDeps that grows a field (e.g. routing).
  const deps = { db: database.db, jobs, route: () => [] as string[] };
  try {
    await drive(warmup.length, (i) => ingestBatch(deps, SOURCE.name, warmup[i]!).then(() => {}));
    return await drive(batches.length, (i) => ingestBatch(deps, SOURCE.name, batches[i]!).then(() => {}));
  } finally {
    await jobs.stop();
    await database.close();
  }
}

/** Open loop: one webhook every `intervalMs`, whether or not the previous ones have finished. */
async function pace(count: number, intervalMs: number, work: (i: number) => Promise<void>): Promise<Timed> {
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = performance.now();
    inFlight.push(
      work(i).then(
        () => void latenciesMs.push(performance.now() - t0),
        (error: Error) => {
          latenciesMs.push(performance.now() - t0);
          errors.push(error.message.slice(0, 300));
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { seconds: (performance.now() - started) / 1000, latenciesMs, errors };
}

async function runHttp(
  url: string,
  warmup: string[],
  bodies: string[],
  pacedBodies: string[],
): Promise<Timed & { rssPeakMb: number; paced: Timed; pacedRate: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gong-bench-'));
  const config = toRuntimeConfig(
    parseConfig(
      {
        server: { port: 0, host: '127.0.0.1', adminToken: `admin-${randomBytes(12).toString('hex')}` },
        database: { url },
        sources: [SOURCE],
      },
      { GONG_DATA_DIR: dataDir },
      null,
    ),
  );
  const gong = await startGong(config, { logger });
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: gong.port,
          method: 'POST',
          path: `/hooks/${SOURCE.name}`,
          agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${SOURCE.token}`, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`${response.statusCode} ${text}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  try {
    await drive(warmup.length, (i) => post(warmup[i]!));
    const timed = await drive(bodies.length, (i) => post(bodies[i]!));
    // The closed loop above keeps CONCURRENCY webhooks queued, so its latency is mostly waiting
    // (in-flight / throughput). At half the rate it sustained, latency is the service time.
    const pacedRate = (timed.latenciesMs.length - timed.errors.length) / timed.seconds / 2;
    const paced = await pace(pacedBodies.length, 1000 / pacedRate, (i) => post(pacedBodies[i]!));
    return { ...timed, rssPeakMb: rssPeak / 2 ** 20, paced, pacedRate };
  } finally {
    clearInterval(sampler);
    agent.destroy();
    await gong.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function describe(timed: Timed) {
  const sorted = [...timed.latenciesMs].sort((a, b) => a - b);
  const ok = timed.latenciesMs.length - timed.errors.length;
  return {
    alertsPerSecond: (ok * BATCH_SIZE) / timed.seconds,
    requestsPerSecond: ok / timed.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

const n = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

async function main(): Promise<void> {
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  const [server] = await admin<{ server_version: string }[]>`SHOW server_version`;
  await admin.end();
  const version = server?.server_version;

  // Each path gets its own fingerprints, so neither sees the other's alerts as repeats.
  const bodies = { raw: makeBodies(BATCHES, 'raw'), http: makeBodies(BATCHES, 'http'), paced: makeBodies(Math.ceil(BATCHES / 3), 'paced') };
  const warmups = { raw: makeBodies(WARMUP_BATCHES, 'warm-raw'), http: makeBodies(WARMUP_BATCHES, 'warm-http') };
  const rawBatches = normalized(bodies.raw);
  const rawWarmup = normalized(warmups.raw);

  console.log(
    `Gong ingest benchmark: Postgres ${version ?? '?'}, ${cpus().length} CPUs, Node ${process.version}\n` +
      `${n(BATCHES)} Alertmanager webhooks of ${BATCH_SIZE} alerts (${MIX.fresh} new, ${MIX.repeat} repeats and ${MIX.resolved} resolutions from a pool of ${n(HOT_POOL)}), ` +
      `concurrency ${CONCURRENCY}, after ${WARMUP_BATCHES} warm-up webhooks\n`,
  );

  const rawDb = await createServerDatabase(SERVER_URL, 'gong_bench_raw');
  const httpDb = await createServerDatabase(SERVER_URL, 'gong_bench_http');
  try {
    const raw = await runRaw(rawDb.url, rawWarmup, rawBatches);
    const http = await runHttp(httpDb.url, warmups.http, bodies.http, bodies.paced);
    const r = describe(raw);
    const h = describe(http);
    const p = describe(http.paced);
    const [rawRows, httpRows] = await Promise.all([countRows(rawDb.url), countRows(httpDb.url)]);
    const ratio = h.alertsPerSecond / r.alertsPerSecond;

    console.log(
      `raw   ingestBatch straight to Postgres  ${n(r.alertsPerSecond).padStart(8)} alerts/s  ${n(r.requestsPerSecond, 1).padStart(6)} batches/s  ` +
        `p50 ${n(r.p50, 1)} ms  p99 ${n(r.p99, 1)} ms  max ${n(r.max, 1)} ms  errors ${raw.errors.length}`,
    );
    console.log(
      `http  POST /hooks/${SOURCE.name}         ${n(h.alertsPerSecond).padStart(8)} alerts/s  ${n(h.requestsPerSecond, 1).padStart(6)} requests/s  ` +
        `p50 ${n(h.p50, 1)} ms  p99 ${n(h.p99, 1)} ms  max ${n(h.max, 1)} ms  errors ${http.errors.length}`,
    );
    console.log(
      `paced POST at ${n(http.pacedRate, 1)} webhooks/s (half the above), open loop      ` +
        `p50 ${n(p.p50, 1)} ms  p99 ${n(p.p99, 1)} ms  max ${n(p.max, 1)} ms  errors ${http.paced.errors.length}`,
    );
    console.log(`RSS   peak ${n(http.rssPeakMb)} MB during the HTTP run (Gong and the load generator share the process), ${n(process.memoryUsage().rss / 2 ** 20)} MB now`);
    console.log(
      `rows  raw: ${n(rawRows.alerts)} alerts (${n(rawRows.open)} open), ${n(rawRows.events)} timeline events; ` +
        `http (with the paced run): ${n(httpRows.alerts)} alerts (${n(httpRows.open)} open), ${n(httpRows.events)} timeline events`,
    );
    for (const [label, errors] of [['raw', raw.errors], ['http', http.errors], ['paced', http.paced.errors]] as const) {
      const kinds = new Map<string, number>();
      for (const error of errors) kinds.set(error, (kinds.get(error) ?? 0) + 1);
      for (const [error, count] of kinds) console.log(`errors (${label}) ${count}x: ${error}`);
    }
    console.log('');
    console.log(`ratio http/raw   ${n(ratio, 2)}   target >= 0.50   ${verdict(ratio >= 0.5)}`);
    console.log(`p99 request      ${n(h.p99, 1)} ms at concurrency ${CONCURRENCY} (saturated)   target < 100 ms   ${verdict(h.p99 < 100)}`);
    console.log(`p99 request      ${n(p.p99, 1)} ms paced at half capacity   target < 100 ms   ${verdict(p.p99 < 100)}`);
    const errorCount = raw.errors.length + http.errors.length + http.paced.errors.length;
    console.log(`errors           ${errorCount}   target 0   ${verdict(errorCount === 0)}`);
  } finally {
    await Promise.allSettled([rawDb.drop(), httpDb.drop()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
