import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { AlertRow } from '../db/alert-json.js';
import type { Db } from '../db/client.js';
import { alerts, cards } from '../db/schema.js';
import type { ChatDelivery } from '../delivery/chat-delivery.js';
import { Deferral } from '../shared/deferral.js';
import { judgeFailure } from '../delivery/retry-policy.js';
import { isCardFailure } from '../shared/platform-error.js';
import { cardKey } from '../cards/card-key.js';
import { asAttempt } from '../delivery/send-attempt.js';
import { type AlertView, CARD_ALERTS, type IncidentAlerts } from '../cards/alert-view.js';
import { incidentAlertsForCard } from '../alerts/queries.js';
import type { AlertChannel } from '../cards/channel.js';
import type { JobQueue } from '../db/job-queue.js';
import { type CardRow, claimCard, releaseCard, shownAfterWriting } from './card-writes.js';
import type { CardJob } from '../db/queues.js';

export interface CardWorkerDeps {
  db: Db;
  jobs: Pick<JobQueue, 'enqueue'>;
  /** Budgeted channels: a call without budget throws a Deferral. */
  channels: ReadonlyMap<string, AlertChannel>;
  delivery: ReadonlyMap<string, ChatDelivery>;
  /** The chat's card of an incident; `incident` brings its first alerts, for the list an incident of several shows. */
  view: (alert: AlertRow, chat: string, incident?: IncidentAlerts) => AlertView;
  /** Where people open an incident's page with all its alerts (the console); its card links there. */
  publicUrl: string;
  logger: Logger;
}

/**
 * Posts the first card of an alert into a chat, exactly once even across crashes and retries.
 * (Alerts a storm folds get no such job: ingest counts them in the summary.)
 */
export async function deliverCard(deps: CardWorkerDeps, job: CardJob): Promise<void> {
  const channel = deps.channels.get(job.chat);
  const delivery = deps.delivery.get(job.chat);
  const alert = await loadAlert(deps.db, job.alertId);
  if (!channel || !delivery || !alert) return void deps.logger.warn({ job }, 'card job for an unknown chat or alert; skipped');
  // A card posted by an earlier run of this job may still be behind the alert's state.
  if ((await findCard(deps.db, job))?.ref) return updateCard(deps, job);

  const view = deps.view(alert, job.chat, await incidentOf(deps, alert));
  // Mark the attempt before making it (a row without a ref). An earlier attempt may have reached
  // the platform, which then answers this one with that attempt's card (same uuid or outTrackId)
  // showing an older state: what such a card shows is unknown, so it is updated below.
  const firstAttempt =
    (
      await deps.db
        .insert(cards)
        .values({ alertId: alert.id, chat: job.chat, platform: channel.kind, ref: '', renderedVersion: 0 })
        .onConflictDoNothing()
        .returning({ id: cards.id })
    ).length > 0;
  let ref: string | undefined;
  try {
    ref = await call(deps, job, () => channel.postAlert(view, cardKey(alert.id, job.chat)));
  } catch (error) {
    // Deferred for budget before anything reached the platform: the next run is still the first.
    if (firstAttempt && error instanceof Deferral && error.why === 'budget') {
      await deps.db.delete(cards).where(and(eq(cards.alertId, alert.id), eq(cards.chat, job.chat), eq(cards.ref, '')));
    }
    throw error;
  }
  if (ref === undefined) return;
  await deps.db
    .update(cards)
    .set({ ref, renderedVersion: firstAttempt ? shownAfterWriting(view.version) : 0, updatedAt: new Date() })
    .where(and(eq(cards.alertId, alert.id), eq(cards.chat, job.chat)));
  // The alert may have changed while the card was on its way; its update job found no card then.
  await updateCard(deps, job);
}

/**
 * Brings one posted card up to the alert's latest state (a no-op when it already shows it). The
 * check after a click's answer (`afterAnswer`) first waits until that answer can no longer land.
 */
export async function updateCard(deps: CardWorkerDeps, job: CardJob): Promise<void> {
  const channel = deps.channels.get(job.chat);
  const [alert, card] = await Promise.all([loadAlert(deps.db, job.alertId), findCard(deps.db, job)]);
  if (!channel || !alert || !card) return;
  // A card without a ref is still being posted; its delivery job brings it up to date.
  if (!job.afterAnswer && (!card.ref || isCurrent(card, alert))) return;
  const claim = await claimCard(deps.db, job.alertId, job.chat);
  if (claim.kind === 'none') return;
  if (claim.kind === 'busy') throw new Deferral(claim.retryMs, 'busy');
  const claimed = claim.card;
  const answerUntil = claimed.answerUntil?.getTime() ?? 0;
  if (job.afterAnswer && answerUntil > Date.now()) {
    // A later click's answer may still land: check once it no longer can.
    await releaseCard(deps.db, claimed.id);
    throw new Deferral(answerUntil - Date.now(), 'busy');
  }
  // Read under the claim: what is written is the latest, and nobody else writes until it landed.
  const latest = await loadAlert(deps.db, job.alertId);
  if (!latest || isCurrent(claimed, latest)) return releaseCard(deps.db, claimed.id);
  // Read after the incident: its alerts are then at least as new as the version recorded.
  const view = deps.view(latest, job.chat, await incidentOf(deps, latest));
  let sent = false;
  try {
    sent =
      (await call(deps, job, async () => {
        await channel.updateAlert(claimed.ref, view);
        return true;
      })) ?? false;
  } finally {
    await releaseCard(deps.db, claimed.id, { version: view.version, sent });
  }
}

/**
 * Runs one platform call through a watched channel, which records its outcome on the chat. No
 * budget: the job waits (Deferral passes through). Transient failure:
 * the job comes back after a backoff that honours the platform's reset time. Permanent failure
 * (or a transient one that never cleared): the chat is marked with the platform's reason, and the
 * job ends — retrying a bad signature or a removed bot only adds noise. A card the platform no
 * longer updates (deleted, recalled) is that card's failure: recorded on its row, not the chat.
 */
export async function call<T>(
  deps: Pick<CardWorkerDeps, 'db' | 'logger'>,
  job: { chat: string; alertId?: number; attempt?: number },
  run: () => Promise<T>,
): Promise<T | undefined> {
  let result: T;
  try {
    result = await asAttempt(job.attempt ?? 0, run);
  } catch (error) {
    if (error instanceof Deferral) throw error;
    if (isCardFailure(error) && job.alertId !== undefined) {
      deps.logger.warn({ chat: job.chat, alertId: job.alertId, code: error.code, reason: error.message }, 'card cannot be updated; recorded on the card');
      await recordCardFailure(deps.db, job.alertId, job.chat, `${error.code}: ${error.message}`);
      return undefined;
    }
    const verdict = judgeFailure(error, job.attempt ?? 0);
    if (verdict.kind === 'retry') {
      deps.logger.warn({ chat: job.chat, attempt: (job.attempt ?? 0) + 1, reason: (error as Error).message }, 'platform call failed; will retry');
      throw new Deferral(verdict.afterMs, 'retry', { attempt: (job.attempt ?? 0) + 1 });
    }
    // The watched channel recorded this send once: a permanent refusal, or a transient failure on
    // the last try (it knows the try from asAttempt), as the chat failing.
    deps.logger.error({ chat: job.chat, alertId: job.alertId, code: verdict.code, reason: verdict.reason }, 'card delivery failed permanently; chat marked failing');
    return undefined;
  }
  // The failures counted so far were this call's; the job's next call starts its backoff afresh.
  job.attempt = 0;
  return result;
}

/** The card's own failure, shown with its alert; its chat still takes other cards. */
async function recordCardFailure(db: Db, alertId: number, chat: string, failure: string): Promise<void> {
  const now = new Date();
  await db.update(cards).set({ failure, failedAt: now, updatedAt: now }).where(and(eq(cards.alertId, alertId), eq(cards.chat, chat)));
}

/**
 * Whether the card shows the alert's latest version for sure. An answer to a click still on its
 * way is no such proof: the platform drops one that comes too late, so the update is sent anyway.
 */
function isCurrent(card: Pick<CardRow, 'renderedVersion' | 'answerVersion'>, alert: AlertRow): boolean {
  return card.renderedVersion >= alert.version && card.answerVersion === null;
}

/** The first alerts of an incident of several, for its card's list (none to read for one alert). */
async function incidentOf(deps: Pick<CardWorkerDeps, 'db' | 'publicUrl'>, incident: AlertRow): Promise<IncidentAlerts> {
  const alerts = incident.alertCount > 1 && incident.mergedInto === null ? await incidentAlertsForCard(deps.db, incident.id, CARD_ALERTS) : [];
  return { alerts, publicUrl: deps.publicUrl };
}

async function loadAlert(db: Db, id: number): Promise<AlertRow | undefined> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  return row;
}

async function findCard(db: Db, job: CardJob) {
  const [row] = await db.select().from(cards).where(and(eq(cards.alertId, job.alertId), eq(cards.chat, job.chat)));
  return row;
}
