import { eq, sql } from 'drizzle-orm';
import type { WebhookConfig } from '../config/routing-schema.js';
import type { Db } from '../db/client.js';
import { webhookDeliveries } from '../db/schema.js';
import { signatureHeader } from '../domain/signature.js';
import { hostOf, networkCause } from '../shared/network-cause.js';
import { QUEUE_OPTIONS, QUEUES, type WebhookJob } from '../db/queues.js';

export interface WebhookWorkerDeps {
  db: Db;
  webhooks: readonly WebhookConfig[];
  fetch?: typeof fetch;
}

/** pg-boss runs a job once plus its retries; the last attempt marks the delivery failed instead of throwing. */
const MAX_ATTEMPTS = (QUEUE_OPTIONS[QUEUES.webhookPost].retryLimit ?? 0) + 1;
const TIMEOUT_MS = 10_000;

class RetryableWebhookError extends Error {}

/**
 * Calls one outbound webhook with the stored body, signed afresh (the timestamp is the attempt's).
 * Every attempt is recorded on the delivery row, which is what `GET /api/v1/webhooks/deliveries` shows.
 */
export async function postWebhook(deps: WebhookWorkerDeps, job: WebhookJob, now = new Date()): Promise<void> {
  const [delivery] = await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, job.deliveryId));
  if (!delivery || delivery.status !== 'pending') return;
  const target = deps.webhooks.find((hook) => hook.name === delivery.webhook);
  if (!target) return finish(deps.db, delivery.id, 'failed', null, `webhook "${delivery.webhook}" is no longer configured`);

  const outcome = await call(deps.fetch ?? fetch, target, delivery.body, now);
  const attempts = delivery.attempts + 1;
  if (outcome.ok) return finish(deps.db, delivery.id, 'delivered', outcome.status, null);
  if (!outcome.retryable || attempts >= MAX_ATTEMPTS) return finish(deps.db, delivery.id, 'failed', outcome.status, outcome.error);
  await deps.db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastStatus: outcome.status, lastError: outcome.error })
    .where(eq(webhookDeliveries.id, delivery.id));
  throw new RetryableWebhookError(`webhook ${target.name}: ${outcome.error}`);
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string; retryable: boolean };

async function call(fetcher: typeof fetch, target: WebhookConfig, body: string, now: Date): Promise<Outcome> {
  try {
    const response = await fetcher(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Gong', 'x-gong-signature': signatureHeader(target.secret, body, now) },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.ok) return { ok: true, status: response.status };
    // A 4xx other than timeout and throttling will not get better by sending the same body again.
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    return { ok: false, status: response.status, error: `HTTP ${response.status}`, retryable };
  } catch (error) {
    const { code, words } = networkCause(error, hostOf(target.url));
    return { ok: false, status: null, error: code === 'timeout' ? `${words}: no answer within ${TIMEOUT_MS / 1000} s` : words, retryable: true };
  }
}

async function finish(db: Db, id: number, status: 'delivered' | 'failed', lastStatus: number | null, lastError: string | null): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status, lastStatus, lastError, attempts: sql`${webhookDeliveries.attempts} + 1`, finishedAt: new Date() })
    .where(eq(webhookDeliveries.id, id));
}
