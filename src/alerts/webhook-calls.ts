import type { IncidentEvent, WebhookConfig } from '../config/routing-schema.js';
import type { Tx } from '../db/client.js';
import type { JobQueue } from '../db/job-queue.js';
import type { AlertRow } from '../db/alert-json.js';
import { incidentJson } from '../db/alert-json.js';
import { queueWebhookCalls, subscribersOf, WEBHOOK_EVENT_OF, type WebhookCall } from './outbound-webhooks.js';

type Actor = { name: string; platform: string };

/** A timeline event of an incident, as the follow-ups see it. */
export interface IncidentChange {
  alert: AlertRow;
  event: string;
  actor: Actor;
  details: Record<string, unknown>;
}

/**
 * Which outbound webhooks hear what, and with which details: every follow-up that calls webhooks
 * goes through here, so one state change of a batch costs one statement for all its calls.
 */
export function createWebhookCalls(webhooks: readonly WebhookConfig[], jobs: Pick<JobQueue, 'enqueue'>) {
  /** Queues the calls of each event for its subscribers. */
  async function send(tx: Tx, calls: WebhookCall[]): Promise<void> {
    const byEvent = new Map<IncidentEvent, WebhookCall[]>();
    for (const call of calls) byEvent.set(call.event, [...(byEvent.get(call.event) ?? []), call]);
    for (const [event, batch] of byEvent) await queueWebhookCalls(tx, jobs, subscribersOf(webhooks, event), batch);
  }

  return {
    /** Incidents opened (by the source, or by a split). */
    opened: (tx: Tx, rows: AlertRow[], now: Date) =>
      send(tx, rows.map((row) => ({ event: 'incident.opened', change: 'opened', incident: row, actor: { name: row.source, platform: 'source' }, at: now }))),

    /** Timeline events: state changes, and alerts that joined, ended or fired again. */
    changed: (tx: Tx, changes: IncidentChange[], now: Date) =>
      send(
        tx,
        changes.flatMap((change) => {
          const event = WEBHOOK_EVENT_OF[change.event];
          return event ? [{ event, change: change.event, incident: change.alert, actor: change.actor, at: now, details: change.details }] : [];
        }),
      ),

    /** A step taken: its own webhook is called whatever it subscribes to (marked `escalation`), and those subscribed to escalations. */
    async escalated(tx: Tx, incident: AlertRow, stepWebhook: string | undefined, actor: Actor, details: Record<string, unknown>, now: Date): Promise<void> {
      const call: WebhookCall = { event: 'incident.escalated', change: 'escalated', incident, actor, at: now, details };
      await queueWebhookCalls(tx, jobs, webhooks.filter((hook) => hook.name === stepWebhook), [call], true);
      await queueWebhookCalls(tx, jobs, subscribersOf(webhooks, 'incident.escalated').filter((hook) => hook.name !== stepWebhook), [call]);
    },

    /**
     * Alerts moved by a person. Merge: `incident` took the alerts of `other`, now closed (which
     * also hears `incident.resolved`). Split: `incident` is new (it also hears `incident.opened`),
     * taken out of `other`.
     */
    regrouped: (tx: Tx, regrouping: { event: 'merged' | 'split'; incident: AlertRow; other: AlertRow; alerts: number[]; actor: Actor }, now: Date) =>
      send(tx, [
        regrouping.event === 'merged'
          ? { event: 'incident.merged', change: 'merged', incident: regrouping.incident, actor: regrouping.actor, at: now, details: { from: regrouping.other.id, alerts: regrouping.alerts, merged: incidentJson(regrouping.other) } }
          : { event: 'incident.split', change: 'split-from', incident: regrouping.incident, actor: regrouping.actor, at: now, details: { from: regrouping.other.id, alerts: regrouping.alerts, left: incidentJson(regrouping.other) } },
      ]),
  };
}
