import { eq, sql } from 'drizzle-orm';
import { compilePolicies } from '../config/compile-routing.js';
import type { ChatConfig, ParsedConfig } from '../config/schema.js';
import type { Tx } from '../db/client.js';
import { alerts } from '../db/schema.js';
import { type EscalationEvent, type Planned, reactTo, startEscalation, fireStep, stepOf } from '../domain/escalation.js';
import type { Action, DueStep } from '../domain/lifecycle.js';
import type { NoticeBody } from '../templates/messages.js';
import type { JobQueue } from '../db/job-queue.js';
import { QUEUES, type SilenceJob, type SnoozeEndJob } from '../db/queues.js';
import type { AlertRow } from '../db/alert-json.js';
import { enqueueDeliveries } from './card-jobs.js';
import { timerJob } from './escalation-timers.js';
import { queueWebhookCalls, WEBHOOK_EVENT_OF } from './outbound-webhooks.js';
import { noticeJobs, updateNotice } from './publish.js';
import type { DecideRoute } from './routing.js';

/** One accepted change, as the transaction that made it sees it. */
export interface Change {
  alert: AlertRow;
  /** What was asked, as the state machine took it. */
  action: Action;
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
/** Alerts moved between incidents by a person: `merged` (`incident` took `other`'s alerts) or `split` (`incident` is new, taken out of `other`). */
export interface Regrouping {
  event: 'merged' | 'split';
  incident: AlertRow;
  other: AlertRow;
  /** The ids of the alerts that moved. */
  alerts: number[];
  actor: { name: string; platform: string };
}

export interface FollowUps {
  opened(tx: Tx, rows: AlertRow[], now: Date): Promise<void>;
  changed(tx: Tx, changes: Change[], now: Date): Promise<void>;
  regrouped?(tx: Tx, regrouping: Regrouping, now: Date): Promise<void>;
}

const ESCALATION_EVENTS = new Set<string>(['acknowledged', 'unacknowledged', 'resolved', 'reopened', 'snoozed', 'unsnoozed', 'escalated']);
/** The events that start or lift a snooze (an acknowledgement lifts it: someone is on it). */
const SILENCE_EVENTS = new Set(['snoozed', 'unsnoozed', 'acknowledged', 'resolved', 'merged-into']);
/** A merged-away incident is closed: for its escalation, as if resolved. */
const escalationEventOf = (event: string) => (event === 'merged-into' ? 'resolved' : event);

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

  /**
   * A due step, taken: the escalation moves past it (a re-run of its timer is refused), the next
   * timer is set, the chats it adds get the card, its chats hear it with its mentions, and its
   * webhook (called whatever it subscribes to) and those subscribed to escalations are called.
   */
  async function stepTaken(tx: Tx, change: Change, due: DueStep, now: Date): Promise<void> {
    const before = change.alert.escalation!;
    const planned = fireStep(before, due.index, now, due.mentions, due.notify);
    const [alert] = await tx.update(alerts).set({ escalation: planned.escalation }).where(eq(alerts.id, change.alert.id)).returning();
    if (planned.timer) await jobs.enqueue(tx, [timerJob(alert!.id, planned.timer)]);
    const added = due.notify.filter((chat) => !before.chats.includes(chat));
    await enqueueDeliveries(tx, jobs, () => added, [alert!]);

    const { step } = stepOf(before.policy, due.index);
    const notice = {
      kind: 'escalations' as const,
      body: { kind: 'escalation', alertId: alert!.id, title: alert!.title, step: due.number, round: due.round, waitedMs: now.getTime() - alert!.openedAt.getTime() } satisfies NoticeBody,
      mentions: due.mentions.map((user) => ({ user })),
      ...(step.urgent && { urgent: step.urgent }),
    };
    await jobs.enqueue(tx, noticeJobs(allChats(), planned.escalation.chats, alert!.id, notice, `escalation-${alert!.id}-${due.generation}-${due.index}`, now));

    const call = { event: 'alert.escalated' as const, alert: alert!, actor: change.actor, at: now, details: change.details };
    const stepHook = step.webhook ? config.webhooks.filter((hook) => hook.name === step.webhook) : [];
    const subscribed = subscribers('alert.escalated').filter((hook) => hook.name !== step.webhook);
    await queueWebhookCalls(tx, jobs, stepHook, call, true);
    await queueWebhookCalls(tx, jobs, subscribed, call);
  }

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
        if (change.action.type === 'escalate' && change.action.step) {
          await stepTaken(tx, change, change.action.step, now);
          continue;
        }
        if (alert.escalation && ESCALATION_EVENTS.has(escalationEventOf(event))) {
          const planned = reactTo(alert.escalation, escalationEventOf(event) as EscalationEvent, now, alert.snoozedUntil);
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
        // Alertmanager ends Gong's silence when the snooze runs out: there is nothing left to expire.
        if (event === 'snooze-ended') await tx.update(alerts).set({ silenceId: null }).where(eq(alerts.id, alert.id));
        if (event === 'snoozed' && alert.snoozedUntil) {
          const until = alert.snoozedUntil;
          await jobs.enqueue(tx, [{ name: QUEUES.snoozeEnd, data: { alertId: alert.id, until: until.toISOString() } satisfies SnoozeEndJob, startAfter: until }]);
        }
      }
    },
  };
}
