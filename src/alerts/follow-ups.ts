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
import { noticeJobs, updateNotice } from './publish.js';
import type { DecideRoute } from './routing.js';
import { createWebhookCalls } from './webhook-calls.js';

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

/** Alerts moved between incidents by a person: `merged` (`incident` took `other`'s alerts) or `split` (`incident` is new, taken out of `other`). */
export interface Regrouping {
  event: 'merged' | 'split';
  incident: AlertRow;
  other: AlertRow;
  /** The ids of the alerts that moved. */
  alerts: number[];
  actor: { name: string; platform: string };
}

/** Alerts of open incidents that joined, ended or fired again, without a change of state: `alerts-joined`, `alerts-resolved`, `alerts-refired`. */
export interface MembersChange {
  event: 'alerts-joined' | 'alerts-resolved' | 'alerts-refired';
  incidents: AlertRow[];
  /** Incident id → the ids of its alerts that changed. */
  alerts: ReadonlyMap<number, number[]>;
  actor: { name: string; platform: string };
}

/**
 * Everything a state change sets in motion besides the cards, written in the transaction of the
 * change itself: escalation timers set or made stale, notices for the chats that publish the
 * change, outbound webhook calls, Alertmanager silence syncs and the snooze's end.
 */
export interface FollowUps {
  opened(tx: Tx, rows: AlertRow[], now: Date): Promise<void>;
  changed(tx: Tx, changes: Change[], now: Date): Promise<void>;
  regrouped?(tx: Tx, regrouping: Regrouping, now: Date): Promise<void>;
  membersChanged?(tx: Tx, change: MembersChange, now: Date): Promise<void>;
}

const ESCALATION_EVENTS = new Set<string>(['acknowledged', 'unacknowledged', 'resolved', 'reopened', 'snoozed', 'unsnoozed', 'escalated']);
/** The events after which the incident's silences may change: its snooze set or lifted, the incident closed (an acknowledgement keeps them). */
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
  const webhooks = createWebhookCalls(config.webhooks, jobs);

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

    await webhooks.escalated(tx, alert!, step.webhook, change.actor, change.details, now);
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
      await webhooks.opened(tx, rows, now);
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
        // Unconditional for these sources: a silence being created right now has no id stored yet.
        if (silencing.has(alert.source) && SILENCE_EVENTS.has(event)) {
          await jobs.enqueue(tx, [{ name: QUEUES.silenceSync, data: { alertId: alert.id } satisfies SilenceJob, singletonKey: String(alert.id) }]);
        }
        // Alertmanager ends Gong's silences when the snooze runs out: there is nothing left to expire.
        if (event === 'snooze-ended') await tx.update(alerts).set({ silenceIds: {} }).where(eq(alerts.id, alert.id));
        if (event === 'snoozed' && alert.snoozedUntil) {
          const until = alert.snoozedUntil;
          await jobs.enqueue(tx, [{ name: QUEUES.snoozeEnd, data: { alertId: alert.id, until: until.toISOString() } satisfies SnoozeEndJob, startAfter: until }]);
        }
      }
      await webhooks.changed(tx, changes.filter((change) => !(change.action.type === 'escalate' && change.action.step)), now);
    },

    async regrouped(tx, regrouping, now) {
      // Silences follow the alerts that moved: a snoozed incident silences those it took in, and
      // one they left expires theirs (the split-off incident is new, so not snoozed).
      const syncs = [regrouping.incident, regrouping.other].filter((row) => silencing.has(row.source));
      await jobs.enqueue(tx, syncs.map((row) => ({ name: QUEUES.silenceSync, data: { alertId: row.id } satisfies SilenceJob, singletonKey: String(row.id) })));
      await webhooks.regrouped(tx, regrouping, now);
    },

    membersChanged: (tx, change, now) =>
      webhooks.changed(tx, change.incidents.map((incident) => ({ alert: incident, event: change.event, actor: change.actor, details: { alerts: change.alerts.get(incident.id) ?? [] } })), now),
  };
}
