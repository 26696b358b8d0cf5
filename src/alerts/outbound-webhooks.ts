import { randomUUID } from 'node:crypto';
import type { WebhookConfig, WebhookEvent } from '../config/routing-schema.js';
import { desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { webhookDeliveries } from '../db/schema.js';
import type { JobQueue } from '../db/job-queue.js';
import { QUEUES, type WebhookJob } from '../db/queues.js';
import { type AlertRow, alertJson } from '../db/alert-json.js';

/** Timeline event types that outbound webhooks hear, under their public names. */
export const WEBHOOK_EVENT_OF: Record<string, WebhookEvent> = {
  opened: 'alert.opened',
  acknowledged: 'alert.acknowledged',
  assigned: 'alert.assigned',
  snoozed: 'alert.snoozed',
  resolved: 'alert.resolved',
  reopened: 'alert.reopened',
};

export interface WebhookCall {
  event: WebhookEvent;
  alert: AlertRow;
  actor: { name: string; platform: string };
  at: Date;
  /** Event-specific fields (the escalation step, the note…). */
  details?: Record<string, unknown>;
}

/**
 * Records one delivery per target and queues its call, inside the caller's transaction. The body
 * is fixed now so every retry sends exactly the same bytes (and a receiver can dedupe on `id`).
 */
export async function queueWebhookCalls(tx: Tx, jobs: Pick<JobQueue, 'enqueue'>, targets: readonly WebhookConfig[], call: WebhookCall, escalation = false): Promise<void> {
  if (targets.length === 0) return;
  const rows = await tx
    .insert(webhookDeliveries)
    .values(
      targets.map((target) => ({
        webhook: target.name,
        event: call.event,
        alertId: call.alert.id,
        escalation,
        body: JSON.stringify({
          id: randomUUID(),
          event: call.event,
          at: call.at.toISOString(),
          actor: call.actor,
          alert: alertJson(call.alert),
          details: call.details ?? {},
        }),
      })),
    )
    .returning({ id: webhookDeliveries.id });
  await jobs.enqueue(tx, rows.map((row) => ({ name: QUEUES.webhookPost, data: { deliveryId: row.id } satisfies WebhookJob })));
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
