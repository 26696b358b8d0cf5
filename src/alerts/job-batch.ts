import type PgBoss from 'pg-boss';
import type { Queryable } from '../db/client.js';
import type { JobQueue } from '../db/job-queue.js';

/**
 * The jobs one transaction sets in motion, kept until it is about to commit and then written in
 * one statement: an action enqueues from several places (its cards, its follow-ups, the clicked
 * card's check), and one insert each was one round trip each.
 */
export interface JobBatch extends Pick<JobQueue, 'enqueue'> {
  /** Writes every job kept so far, in the order they came, in one insert (none when there are none). */
  flush(tx: Queryable): Promise<void>;
}

export function jobBatch(jobs: Pick<JobQueue, 'enqueue'>): JobBatch {
  const kept: PgBoss.JobInsert[] = [];
  return {
    async enqueue(_tx, more) {
      kept.push(...more);
    },
    async flush(tx) {
      const all = kept.splice(0);
      if (all.length > 0) await jobs.enqueue(tx, all);
    },
  };
}
