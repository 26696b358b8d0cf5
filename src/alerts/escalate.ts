import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { AckTimeoutJob, EscalationStepJob } from '../db/queues.js';
import { alerts } from '../db/schema.js';
import { stepOf } from '../domain/escalation.js';
import { onCallAt, type Schedule } from '../domain/oncall.js';
import type { ActRequest, ActResult } from './act.js';
import type { Actor } from '../domain/actor.js';

type Act = (request: ActRequest, now: Date) => Promise<ActResult>;

const SYSTEM: Actor = { name: 'Gong', platform: 'system' };

/**
 * A step's timer ran out: the step is asked of the state machine like a click, which takes it
 * exactly once however many processes see the job (the alert is locked, the escalation moves past
 * the step in the same transaction) and refuses it once someone acknowledged or resolved the
 * alert or a change made the timer stale. Who it mentions is settled now, from the schedules.
 */
export async function takeDueStep(deps: { db: Db; schedules: readonly Schedule[]; act: Act }, job: EscalationStepJob, now: Date): Promise<ActResult | undefined> {
  const [alert] = await deps.db.select({ escalation: alerts.escalation }).from(alerts).where(eq(alerts.id, job.alertId));
  const policy = alert?.escalation?.policy;
  if (!policy) return undefined;
  const { step, number, round } = stepOf(policy, job.index);
  const mentions = mentionNames(deps.schedules, step.mention, now);
  const due = { generation: job.generation, index: job.index, number, round, policy: policy.name, mentions, notify: step.notify };
  return deps.act({ alertId: job.alertId, action: { type: 'escalate', step: due }, actor: SYSTEM }, now);
}

/** An alert acknowledged `ackTimeout` ago and still unresolved goes back to triggered; escalation resumes. */
export async function expireAck(deps: { db: Db; act: Act }, job: AckTimeoutJob, now: Date): Promise<ActResult | undefined> {
  const [alert] = await deps.db.select().from(alerts).where(eq(alerts.id, job.alertId));
  if (!alert || alert.state !== 'acknowledged' || alert.escalation?.generation !== job.generation) return undefined;
  // The dedupe key makes a retried or doubly delivered timeout one transition.
  return deps.act({ alertId: alert.id, action: { type: 'unack' }, actor: { name: 'ack timeout', platform: 'system' }, dedupeKey: `ack-timeout:${alert.id}:${job.generation}` }, now);
}

/** User names to mention, with each `schedule:<name>` replaced by whoever is on call now. */
function mentionNames(schedules: readonly Schedule[], mention: string[], now: Date): string[] {
  const names = mention.flatMap((who) => {
    if (!who.startsWith('schedule:')) return [who];
    const schedule = schedules.find((s) => s.name === who.slice('schedule:'.length));
    const user = schedule && onCallAt(schedule, now).now?.user;
    return user ? [user] : [];
  });
  return [...new Set(names)];
}
