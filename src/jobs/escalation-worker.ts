import { eq, sql } from 'drizzle-orm';
import { enqueueDeliveries, enqueueUpdates } from '../alerts/card-jobs.js';
import { timerJob } from '../alerts/escalation-timers.js';
import { queueWebhookCalls } from '../alerts/outbound-webhooks.js';
import { noticeJobs } from '../alerts/publish.js';
import type { Actor } from '../alerts/actor.js';
import type { ActResult, ActRequest } from '../alerts/act.js';
import { compileSchedules } from '../config/compile-routing.js';
import type { ParsedConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import { alertEvents, alerts } from '../db/schema.js';
import { fireStep, stepOf } from '../domain/escalation.js';
import { onCallAt } from '../domain/oncall.js';
import type { JobQueue } from '../db/job-queue.js';
import type { NoticeBody } from '../templates/messages.js';
import type { AckTimeoutJob, EscalationStepJob, MentionRef } from '../db/queues.js';

export interface EscalationWorkerDeps {
  db: Db;
  jobs: Pick<JobQueue, 'enqueue'>;
  config: Pick<ParsedConfig, 'chats' | 'schedules' | 'timezone' | 'webhooks'>;
}

const SYSTEM: Actor = { name: 'Gong', platform: 'system' };

/**
 * Fires one step, exactly once however many processes see the job: the alert row is locked and
 * the step claimed by moving the escalation past it, in one transaction with everything the step
 * causes (timeline, next timer, cards to refresh, notices, webhook calls).
 */
export async function fireEscalationStep(deps: EscalationWorkerDeps, job: EscalationStepJob, now = new Date()): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [alert] = await tx.select().from(alerts).where(eq(alerts.id, job.alertId)).for('update');
    const current = alert?.escalation;
    if (!alert || !current || current.generation !== job.generation || current.next !== job.index) return;
    if (alert.state !== 'triggered' || (alert.snoozedUntil && alert.snoozedUntil > now)) return;

    const { step, number, round } = stepOf(current.policy, job.index);
    const mentions = mentionNames(deps.config, step.mention, now);
    const planned = fireStep(current, job.index, now, mentions, step.notify);
    const [updated] = await tx
      .update(alerts)
      .set({ escalation: planned.escalation, version: sql`${alerts.version} + 1` })
      .where(eq(alerts.id, alert.id))
      .returning();
    const details = { step: number, round, policy: current.policy.name, mentions, notify: step.notify };
    await tx.insert(alertEvents).values({ alertId: alert.id, type: 'escalated', actor: SYSTEM.name, platform: SYSTEM.platform, at: now, details });
    if (planned.timer) await deps.jobs.enqueue(tx, [timerJob(alert.id, planned.timer)]);

    const added = step.notify.filter((chat) => !current.chats.includes(chat));
    await enqueueDeliveries(tx, deps.jobs, () => added, [updated!]);
    await enqueueUpdates(tx, deps.jobs, [alert.id]);

    const refs: MentionRef[] = mentions.map((user) => ({ user }));
    const notice = {
      kind: 'escalations' as const,
      body: { kind: 'escalation', alertId: alert.id, title: alert.title, step: number, round, waitedMs: now.getTime() - alert.openedAt.getTime() } satisfies NoticeBody,
      mentions: refs,
      ...(step.urgent && { urgent: step.urgent }),
    };
    await deps.jobs.enqueue(tx, noticeJobs(deps.config.chats, planned.escalation.chats, alert.id, notice, `escalation-${alert.id}-${job.generation}-${job.index}`, now));

    const call = { event: 'alert.escalated' as const, alert: updated!, actor: SYSTEM, at: now, details };
    const stepHook = step.webhook ? deps.config.webhooks.filter((hook) => hook.name === step.webhook) : [];
    const subscribed = deps.config.webhooks.filter((hook) => hook.events.includes('alert.escalated') && hook.name !== step.webhook);
    await queueWebhookCalls(tx, deps.jobs, stepHook, call, true);
    await queueWebhookCalls(tx, deps.jobs, subscribed, call);
  });
}

/** An alert acknowledged `ackTimeout` ago and still unresolved goes back to triggered; escalation resumes. */
export async function expireAck(
  deps: { db: Db; act: (request: ActRequest) => Promise<ActResult> },
  job: AckTimeoutJob,
): Promise<void> {
  const [alert] = await deps.db.select().from(alerts).where(eq(alerts.id, job.alertId));
  if (!alert || alert.state !== 'acknowledged' || alert.escalation?.generation !== job.generation) return;
  // The dedupe key makes a retried or doubly delivered timeout one transition.
  await deps.act({ alertId: alert.id, action: { type: 'unack' }, actor: { name: 'ack timeout', platform: 'system' }, dedupeKey: `ack-timeout:${alert.id}:${job.generation}` });
}

/** User names to mention, with each `schedule:<name>` replaced by whoever is on call now. */
function mentionNames(config: EscalationWorkerDeps['config'], mention: string[], now: Date): string[] {
  const schedules = compileSchedules(config);
  const names = mention.flatMap((who) => {
    if (!who.startsWith('schedule:')) return [who];
    const schedule = schedules.find((s) => s.name === who.slice('schedule:'.length));
    const user = schedule && onCallAt(schedule, now).now?.user;
    return user ? [user] : [];
  });
  return [...new Set(names)];
}
