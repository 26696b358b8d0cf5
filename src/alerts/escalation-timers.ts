import type PgBoss from 'pg-boss';
import type { EscalationTimer } from '../domain/escalation.js';
import { type AckTimeoutJob, type EscalationStepJob, QUEUES } from '../db/queues.js';

/**
 * The pg-boss job for an escalation timer, written in the same transaction as the change that
 * set it. Timers are never deleted: a change bumps the escalation's generation, and a job of an
 * older generation finds nothing to do when it runs.
 */
export function timerJob(alertId: number, timer: EscalationTimer): PgBoss.JobInsert {
  if (timer.kind === 'step') {
    return { name: QUEUES.escalationStep, data: { alertId, generation: timer.generation, index: timer.index } satisfies EscalationStepJob, startAfter: timer.at };
  }
  return { name: QUEUES.ackTimeout, data: { alertId, generation: timer.generation } satisfies AckTimeoutJob, startAfter: timer.at };
}
