/**
 * A whole Gong in its own process for the benchmarks, so its latency and RSS are not mixed with
 * the platform sandbox and the load generator. Driven over IPC by the parent (see GongChild).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { parseConfig } from '../src/config/load.js';
import { toRuntimeConfig } from '../src/config/runtime-config.js';
import { type Gong, startGong } from '../src/main.js';
import { createServerDatabase } from '../test/helpers/gong.js';

export interface GongStart {
  type: 'start';
  /** Postgres server URL; a fresh database is created on it and dropped at stop. */
  databaseUrl: string;
  /** gong.yaml content without `server` and `database`. */
  config: Record<string, unknown>;
  /** Job polling interval; undefined = Gong's own default. */
  pollingIntervalSeconds?: number;
}

export interface GongStats {
  rss: number;
  heapUsed: number;
  /** CPU time used so far (user + system), ms. */
  cpuMs: number;
  queues: Record<string, number>;
}

type Reply = { type: 'ready'; url: string; adminToken: string } | { type: 'stats'; stats: GongStats } | { type: 'stopped' } | { type: 'error'; message: string };

/** The parent's handle on a Gong child process. */
export class GongChild {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly adminToken: string,
  ) {}

  static async start(start: Omit<GongStart, 'type'>, timeoutMs = 60_000): Promise<GongChild> {
    const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_GONG_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_GONG_PROF}`] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    try {
      const ready = await request(child, { type: 'start', ...start }, 'ready', timeoutMs);
      if (ready.type !== 'ready') throw new Error('unexpected answer');
      return new GongChild(child, ready.url, ready.adminToken);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  async stats(): Promise<GongStats | undefined> {
    try {
      const reply = await request(this.child, { type: 'stats' }, 'stats', 5_000);
      return reply.type === 'stats' ? reply.stats : undefined;
    } catch {
      return undefined;
    }
  }

  /** Graceful stop (drops the database); killed if it takes too long. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await request(this.child, { type: 'stop' }, 'stopped', timeoutMs);
    } catch {
      this.child.kill('SIGKILL');
    }
    await Promise.race([exited, sleep(5_000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

function request(child: ChildProcess, message: object, want: Reply['type'], timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      fn();
    };
    const onMessage = (reply: Reply) => {
      if (reply.type === 'error') done(() => reject(new Error(`gong process: ${reply.message}`)));
      else if (reply.type === want) done(() => resolve(reply));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`gong process exited with ${code}`)));
    const timer = setTimeout(() => done(() => reject(new Error(`gong process did not answer ${want} within ${timeoutMs} ms`))), timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The child side: start one Gong, answer stats, stop on request or when the parent goes away. */
async function serve(): Promise<void> {
  const send = (reply: Reply) => process.send?.(reply);
  let gong: Gong | undefined;
  let drop: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await gong?.stop().catch(() => {});
      await drop?.().catch(() => {});
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    })());

  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
  process.on('message', (message: GongStart | { type: 'stats' } | { type: 'stop' }) => {
    void (async () => {
      try {
        if (message.type === 'start') {
          const database = await createServerDatabase(message.databaseUrl, 'gong_bench');
          drop = database.drop;
          dataDir = await mkdtemp(join(tmpdir(), 'gong-bench-'));
          const adminToken = `admin-${randomBytes(12).toString('hex')}`;
          const raw = { server: { port: 0, host: '127.0.0.1', adminToken }, database: { url: database.url }, ...message.config };
          const config = toRuntimeConfig(parseConfig(raw, { GONG_DATA_DIR: dataDir }, null));
          const logger = pino({ level: process.env.GONG_BENCH_LOG ?? 'silent' });
          gong = await startGong(config, { logger, ...(message.pollingIntervalSeconds !== undefined && { pollingIntervalSeconds: message.pollingIntervalSeconds }) });
          send({ type: 'ready', url: gong.url, adminToken });
        } else if (message.type === 'stats') {
          const memory = process.memoryUsage();
          const queues = (await gong?.parts.jobs.depth()) ?? {};
          const cpu = process.cpuUsage();
          send({ type: 'stats', stats: { rss: memory.rss, heapUsed: memory.heapUsed, cpuMs: (cpu.user + cpu.system) / 1000, queues } });
        } else if (message.type === 'stop') {
          await stop();
          send({ type: 'stopped' });
          process.exit(0);
        }
      } catch (error) {
        send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) void serve();
