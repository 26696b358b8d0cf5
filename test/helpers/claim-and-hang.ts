/**
 * A stand-in for a Gong process that dies mid-job: it claims the jobs of one queue with Gong's own
 * job queue, prints each job's data, and never finishes them. Kill it with -9 and those jobs stay
 * active in the database, as a crashed Gong leaves them.
 *
 *   node --import tsx test/helpers/claim-and-hang.ts <queue>   (GONG_DATA_DIR, DATABASE_URL as for gong)
 */
import { openDatabase } from '../../src/db/client.js';
import { startJobQueue } from '../../src/db/job-queue.js';
import type { QueueName } from '../../src/db/queues.js';
import { createLogger } from '../../src/observability/logger.js';

const queue = process.argv[2] as QueueName;
const database = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: process.env.GONG_DATA_DIR! });
const jobs = await startJobQueue(database, createLogger('warn'), { pollingIntervalSeconds: 0.5 });
await jobs.work(queue, async (data) => {
  process.stdout.write(`${JSON.stringify(data)}\n`);
  await new Promise(() => {});
});
process.stdout.write('ready\n');
