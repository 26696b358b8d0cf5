import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, Queryable } from './client.js';
import { executorFor } from './rows.js';
import { describeDeliveryError } from '../shared/describe-error.js';
import { Deferral } from '../shared/deferral.js';
import { QUEUE_OPTIONS, QUEUES, type QueueName } from './queues.js';

export interface JobQueue {
  /** Writes jobs inside the caller's transaction: they exist only if the transaction commits. */
  enqueue(tx: Queryable, jobs: PgBoss.JobInsert[]): Promise<void>;
  work<T extends object>(queue: QueueName, handler: (data: T) => Promise<void>): Promise<void>;
  /** Wakes this process's idle workers of a queue now, instead of at their next poll. */
  wake(queue: QueueName): void;
  depth(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * Jobs one worker fetches at a time and runs side by side. pg-boss's worker sleeps a polling
 * interval after every fetch, so one job per fetch would cap a queue at one job per interval.
 */
const BATCH_SIZE = 20;

/**
 * How often pg-boss's maintenance runs (once per interval across the fleet): it is what puts a job
 * still active past its queue's `expireInSeconds` (its process died) back to the queue, so a job
 * in flight at a crash runs again at most this long after it expired. pg-boss 10's monitor
 * interval only counts jobs by state and plays no part in this.
 */
export const MAINTENANCE_INTERVAL_SECONDS = 5;

export interface JobQueueOptions {
  /** How often an idle worker looks for jobs; pg-boss 10 accepts 0.5 s at the least. */
  pollingIntervalSeconds?: number;
}

export async function startJobQueue(database: Database, logger: Logger, options: JobQueueOptions = {}): Promise<JobQueue> {
  const boss = new PgBoss({ ...database.boss, schema: 'pgboss', maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    // A queue made by an older Gong keeps its options until told: update it, so a changed expiry applies.
    if (await boss.getQueue(name)) await boss.updateQueue(name, { name, ...QUEUE_OPTIONS[name] });
    else await boss.createQueue(name, { name, ...QUEUE_OPTIONS[name] });
  }
  const polling = options.pollingIntervalSeconds ?? 1;
  const workers = new Map<QueueName, string>();

  return {
    async enqueue(tx, jobs) {
      if (jobs.length > 0) await boss.insert(jobs, { db: executorFor(tx) });
    },
    async work(queue, handler) {
      // The first batch can arrive before `work` resolves with the worker's id.
      let worker: string | undefined;
      const options = { pollingIntervalSeconds: polling, batchSize: BATCH_SIZE, includeMetadata: true as const };
      worker = await boss.work<object>(queue, options, async (batch) => {
        // pg-boss settles a batch as a whole by the callback's outcome: fail each failed job here
        // instead (its own retry), and pg-boss completes the ones still active.
        await Promise.all(
          batch.map(async (job) => {
            try {
              await handler(job.data as never);
            } catch (error) {
              if (error instanceof Deferral) return defer(database, boss, job, error);
              const { code } = error as { code?: unknown };
              // The failure is stored in the job row: a URL in the message loses its secrets first.
              await boss.fail(queue, job.id, { message: describeDeliveryError(error), ...(code !== undefined && { code }) }).catch((e: unknown) => {
                logger.error({ err: e, queue, job: job.id }, 'could not record a failed job; it will be retried when it expires');
              });
            }
          }),
        );
        // Jobs were waiting, so more may be: fetch again at once rather than after a polling interval.
        if (worker) boss.notifyWorker(worker);
      });
      workers.set(queue, worker);
    },
    wake(queue) {
      const worker = workers.get(queue);
      if (worker) boss.notifyWorker(worker);
    },
    async depth() {
      const sizes: Record<string, number> = {};
      for (const name of Object.values(QUEUES)) sizes[name] = await boss.getQueueSize(name);
      return sizes;
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000, wait: true });
    },
  };
}

/**
 * Puts a job back to start later, as a new job with the same key and priority, and completes
 * this one in the same transaction: a crash leaves exactly one of them. pg-boss's own retry
 * would count a wait for budget as a failure and pick its own delay; the platform's is better.
 */
async function defer(database: Database, boss: PgBoss, job: PgBoss.JobWithMetadata<object>, deferral: Deferral): Promise<void> {
  const again: PgBoss.JobInsert = {
    name: job.name,
    data: { ...job.data, ...deferral.data },
    priority: job.priority,
    startAfter: (Math.max(deferral.afterMs, 10) / 1000).toFixed(3),
    ...(job.singletonKey && { singletonKey: job.singletonKey }),
  };
  await database.db.transaction(async (tx) => {
    const db = executorFor(tx);
    await boss.complete(job.name, job.id, { deferred: deferral.message }, { db });
    await boss.insert([again], { db });
  });
}
