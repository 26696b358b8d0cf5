import { randomUUID } from 'node:crypto';
import { ALERT_EVENT_ALIASES, type IncidentEvent, type WebhookConfig, type WebhookEvent } from '../config/routing-schema.js';
import { asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { incidentAlerts, webhookDeliveries } from '../db/schema.js';
import type { JobQueue } from '../db/job-queue.js';
import { QUEUES, type WebhookJob } from '../db/queues.js';
import { type AlertRow, alertJson, type IncidentAlertRow, incidentAlertJson, incidentJson } from '../db/alert-json.js';

/**
 * Timeline event types that outbound webhooks hear, under their public names. A merged-away
 * incident is closed: it is resolved for its receivers too. Escalations, merges and splits are
 * sent by the follow-ups that take them.
 */
export const WEBHOOK_EVENT_OF: Record<string, IncidentEvent> = {
  opened: 'incident.opened',
  acknowledged: 'incident.acknowledged',
  assigned: 'incident.assigned',
  snoozed: 'incident.snoozed',
  resolved: 'incident.resolved',
  reopened: 'incident.reopened',
  'merged-into': 'incident.resolved',
  'alerts-joined': 'incident.alerts-changed',
  'alerts-resolved': 'incident.alerts-changed',
  'alerts-refired': 'incident.alerts-changed',
};

/** A call's body lists at most this many of the incident's alerts (its `alertCount` says how many there are). */
export const ALERTS_IN_BODY = 50;

const ALIAS_OF = new Map<IncidentEvent, WebhookEvent>(Object.entries(ALERT_EVENT_ALIASES).map(([alias, event]) => [event, alias as WebhookEvent]));

/** The webhooks that hear an event: those that list it, or its `alert.*` name. */
export function subscribersOf(webhooks: readonly WebhookConfig[], event: IncidentEvent): WebhookConfig[] {
  const alias = ALIAS_OF.get(event);
  return webhooks.filter((hook) => hook.events.includes(event) || (alias !== undefined && hook.events.includes(alias)));
}

/**
 * The name a webhook hears an event by: the `alert.*` one while it lists no `incident.*` name
 * (configured before incidents, or called only by an escalation step), so its receiver keeps working.
 */
export function eventNameFor(hook: WebhookConfig, event: IncidentEvent): WebhookEvent {
  const legacy = !hook.events.some((name) => name.startsWith('incident.'));
  return (legacy && ALIAS_OF.get(event)) || event;
}

export interface WebhookCall {
  event: IncidentEvent;
  /** The timeline event behind the call (`acknowledged`, `alerts-joined`, `merged-into`…). */
  change: string;
  incident: AlertRow;
  actor: { name: string; platform: string };
  at: Date;
  /** Event-specific fields (the escalation step, the note, the alerts that changed…). */
  details?: Record<string, unknown>;
}

/**
 * Records one delivery per target and call and queues it, inside the caller's transaction. The
 * body is fixed now so every retry sends exactly the same bytes (and a receiver can dedupe on `id`).
 */
export async function queueWebhookCalls(tx: Tx, jobs: Pick<JobQueue, 'enqueue'>, targets: readonly WebhookConfig[], calls: readonly WebhookCall[], escalation = false): Promise<void> {
  if (targets.length === 0 || calls.length === 0) return;
  const alertsOf = await firstAlertsOf(tx, [...new Set(calls.map((call) => call.incident.id))]);
  const rows = await tx
    .insert(webhookDeliveries)
    .values(
      calls.flatMap((call) => {
        const incident = incidentJson(call.incident);
        const alerts = (alertsOf.get(call.incident.id) ?? []).map(incidentAlertJson);
        return targets.map((target) => {
          const event = eventNameFor(target, call.event);
          return {
            webhook: target.name,
            event,
            alertId: call.incident.id,
            escalation,
            body: JSON.stringify({
              id: randomUUID(),
              event,
              change: call.change,
              at: call.at.toISOString(),
              actor: call.actor,
              incident,
              alerts,
              // The incident under its name from before incidents, for receivers written then.
              alert: alertJson(call.incident),
              details: call.details ?? {},
            }),
          };
        });
      }),
    )
    .returning({ id: webhookDeliveries.id });
  await jobs.enqueue(tx, rows.map((row) => ({ name: QUEUES.webhookPost, data: { deliveryId: row.id } satisfies WebhookJob })));
}

/** The first alerts of each incident (by id), in one statement whatever the number of incidents. */
async function firstAlertsOf(tx: Tx, incidentIds: number[]): Promise<Map<number, IncidentAlertRow[]>> {
  const ranked = tx
    .select({ id: incidentAlerts.id, rank: sql<number>`row_number() OVER (PARTITION BY ${incidentAlerts.incidentId} ORDER BY ${incidentAlerts.id})`.as('rank') })
    .from(incidentAlerts)
    .where(inArray(incidentAlerts.incidentId, incidentIds))
    .as('ranked');
  const rows = await tx
    .select({ alert: incidentAlerts })
    .from(incidentAlerts)
    .innerJoin(ranked, eq(ranked.id, incidentAlerts.id))
    .where(lte(ranked.rank, ALERTS_IN_BODY))
    .orderBy(asc(incidentAlerts.id));
  const byIncident = new Map<number, IncidentAlertRow[]>();
  for (const { alert } of rows) byIncident.set(alert.incidentId, [...(byIncident.get(alert.incidentId) ?? []), alert]);
  return byIncident;
}

/** The outbound webhook calls, newest first, with each one's last outcome (`GET /api/v1/webhooks/deliveries`). */
export async function listWebhookDeliveries(db: Db, filter: { status?: 'pending' | 'delivered' | 'failed'; limit: number }) {
  return db
    .select({
      id: webhookDeliveries.id,
      webhook: webhookDeliveries.webhook,
      event: webhookDeliveries.event,
      alertId: webhookDeliveries.alertId,
      escalation: webhookDeliveries.escalation,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatus: webhookDeliveries.lastStatus,
      lastError: webhookDeliveries.lastError,
      createdAt: webhookDeliveries.createdAt,
      finishedAt: webhookDeliveries.finishedAt,
    })
    .from(webhookDeliveries)
    .where(filter.status ? eq(webhookDeliveries.status, filter.status) : undefined)
    .orderBy(desc(webhookDeliveries.id))
    .limit(filter.limit);
}
