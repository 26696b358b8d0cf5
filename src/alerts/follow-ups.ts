import { eq, sql } from 'drizzle-orm';
import { compilePolicies } from '../config/compile-routing.js';
import type { ChatConfig, ParsedConfig } from '../config/schema.js';
import type { Tx } from '../db/client.js';
import { alerts } from '../db/schema.js';
import { type EscalationEvent, type Planned, reactTo, startEscalation } from '../domain/escalation.js';
import type { JobQueue } from '../db/job-queue.js';
import { QUEUES, type SilenceJob, type SnoozeEndJob } from '../db/queues.js';
import type { AlertRow } from './alert-json.js';
import { timerJob } from './escalation-timers.js';
import { queueWebhookCalls, WEBHOOK_EVENT_OF } from './outbound-webhooks.js';
import { noticeJobs, updateNotice } from './publish.js';
import type { DecideRoute } from './routing.js';

/** One accepted change, as the transaction that made it sees it. */
export interface Change {
  alert: AlertRow;
  /** The timeline event type (`acknowledged`, `snoozed`…). */
  event: string;
  actor: { name: string; platform: string };
  details: Record<string, unknown>;
}

/**
 * Everything a state change sets in motion besides the cards, written in the transaction of the
 * change itself: escalation timers set or made stale, notices for the chats that publish the
 * change, outbound webhook calls, Alertmanager silence syncs and the snooze's end.
 */
export interface FollowUps {
  opened(tx: Tx, rows: AlertRow[], now: Date): Promise<void>;
  changed(tx: Tx, changes: Change[], now: Date): Promise<void>;
}

const ESCALATION_EVENTS = new Set<string>(['acknowledged', 'unacknowledged', 'resolved', 'reopened', 'snoozed', 'unsnoozed', 'escalated']);
/** The events that start or lift a snooze (an acknowledgement lifts it: someone is on it). */
const SILENCE_EVENTS = new Set(['snoozed', 'unsnoozed', 'acknowledged', 'resolved']);

type FollowUpConfig = Pick<ParsedConfig, 'chats' | 'escalations' | 'webhooks'> & { sources: { name: string; alertmanagerUrl?: string }[] };

/** `allChats`: the config's and the database's chats, whose `publish` settings pick their notices. */
export function createFollowUps(
  config: FollowUpConfig,
  decide: DecideRoute,
  jobs: Pick<JobQueue, 'enqueue'>,
  allChats: () => readonly ChatConfig[] = () => config.chats,
): FollowUps {
  const policies = compilePolicies(config);
  const silencing = new Set(config.sources.filter((source) => source.alertmanagerUrl).map((source) => source.name));
  const subscribers = (event: string) => config.webhooks.filter((hook) => hook.events.includes(event as never));

  return {
    async opened(tx, rows, now) {
      const started: { id: number; planned: Planned }[] = [];
      for (const row of rows) {
        const decision = decide(row);
        const policy = decision.escalation ? policies.get(decision.escalation) : undefined;
        if (policy) started.push({ id: row.id, planned: startEscalation(policy, decision.chats, now) });
      }
      if (started.length > 0) {
        const values = sql.join(started.map(({ id, planned }) => sql`(${id}::int, ${JSON.stringify(planned.escalation)}::jsonb)`), sql`, `);
        await tx.execute(sql`UPDATE alerts AS a SET escalation = v.e FROM (VALUES ${values}) AS v(id, e) WHERE a.id = v.id`);
        await jobs.enqueue(tx, started.flatMap(({ id, planned }) => (planned.timer ? [timerJob(id, planned.timer)] : [])));
      }
      const hooks = subscribers('alert.opened');
      for (const row of hooks.length > 0 ? rows : []) {
        await queueWebhookCalls(tx, jobs, hooks, { event: 'alert.opened', alert: row, actor: { name: row.source, platform: 'source' }, at: now });
      }
    },

    async changed(tx, changes, now) {
      for (const change of changes) {
        const { alert, event } = change;
        if (alert.escalation && ESCALATION_EVENTS.has(event)) {
          const planned = reactTo(alert.escalation, event as EscalationEvent, now, alert.snoozedUntil);
          await tx.update(alerts).set({ escalation: planned.escalation }).where(eq(alerts.id, alert.id));
          if (planned.timer) await jobs.enqueue(tx, [timerJob(alert.id, planned.timer)]);
        }
        const notice = updateNotice(alert, event, change.actor.name, change.details);
        if (notice) {
          const chats = new Set([...decide(alert).chats, ...(alert.escalation?.chats ?? [])]);
          await jobs.enqueue(tx, noticeJobs(allChats(), [...chats], alert.id, notice, `${event}-${alert.id}-${alert.version}`, now));
        }
        const webhookEvent = WEBHOOK_EVENT_OF[event];
        if (webhookEvent) {
          await queueWebhookCalls(tx, jobs, subscribers(webhookEvent), { event: webhookEvent, alert, actor: change.actor, at: now, details: change.details });
        }
        // Unconditional for these sources: a silence being created right now has no id stored yet.
        if (silencing.has(alert.source) && SILENCE_EVENTS.has(event)) {
          await jobs.enqueue(tx, [{ name: QUEUES.silenceSync, data: { alertId: alert.id } satisfies SilenceJob, singletonKey: String(alert.id) }]);
        }
        if (event === 'snoozed' && alert.snoozedUntil) {
          const until = alert.snoozedUntil;
          await jobs.enqueue(tx, [{ name: QUEUES.snoozeEnd, data: { alertId: alert.id, until: until.toISOString() } satisfies SnoozeEndJob, startAfter: until }]);
        }
      }
    },
  };
}
