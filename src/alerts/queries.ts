import { and, asc, desc, eq, gt, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { alertEvents, alerts, cards, incidentAlerts } from '../db/schema.js';
import type { AlertEventRow, AlertRow, IncidentAlertRow } from '../db/alert-json.js';

export interface AlertFilter {
  /** `open` means not resolved. */
  state?: 'triggered' | 'acknowledged' | 'resolved' | 'open';
  source?: string;
  /** Matches the title, or the short id when it is a number. */
  q?: string;
  assignee?: string;
  limit?: number;
  /** The last id of the previous page; pages go from newest to oldest. */
  cursor?: number;
}

export async function listAlerts(db: Db, filter: AlertFilter): Promise<{ alerts: AlertRow[]; nextCursor: number | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const conditions: (SQL | undefined)[] = [
    filter.state === 'open'
      ? sql`${alerts.state} <> 'resolved'`
      : filter.state
        ? eq(alerts.state, filter.state)
        : undefined,
    filter.source ? eq(alerts.source, filter.source) : undefined,
    filter.assignee ? eq(alerts.assignee, filter.assignee) : undefined,
    filter.cursor ? lt(alerts.id, filter.cursor) : undefined,
    filter.q ? searchCondition(filter.q) : undefined,
  ];
  const rows = await db
    .select()
    .from(alerts)
    .where(and(...conditions))
    .orderBy(desc(alerts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { alerts: page, nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

function searchCondition(q: string): SQL | undefined {
  const text = q.trim().replace(/^#/, '');
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return /^\d{1,9}$/.test(text) ? or(eq(alerts.id, Number(text)), ilike(alerts.title, pattern)) : ilike(alerts.title, pattern);
}

export async function getAlert(db: Db, id: number): Promise<AlertRow | undefined> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  return row;
}

export async function getTimeline(db: Db, id: number): Promise<AlertEventRow[]> {
  return db.select().from(alertEvents).where(eq(alertEvents.alertId, id)).orderBy(asc(alertEvents.id));
}

/** A card Gong posted, as a click finds it: the alert it shows and the chat it is in. */
export interface CardPlace {
  alertId: number;
  chat: string;
}

/**
 * The cards a click may be on, read at one instant: the card the platform knows by this handle
 * (DingTalk outTrackId, Lark message_id), else the alert's cards on that platform still being
 * posted (taken by the platform, their handle not yet written down). One statement, because the
 * handle can be written down between two reads, and then neither would find the card.
 */
export async function cardsOfClick(db: Db, platform: string, ref: string, alertId: number | undefined): Promise<{ recorded?: CardPlace; posting: CardPlace[] }> {
  if (ref === '' && alertId === undefined) return { posting: [] };
  const posting = alertId === undefined ? undefined : and(eq(cards.alertId, alertId), eq(cards.ref, ''));
  const rows = await db
    .select({ alertId: cards.alertId, chat: cards.chat, ref: cards.ref })
    .from(cards)
    .where(and(eq(cards.platform, platform), or(ref === '' ? undefined : eq(cards.ref, ref), posting)));
  const place = ({ alertId, chat }: CardPlace) => ({ alertId, chat });
  const recorded = rows.find((row) => row.ref !== '');
  return { ...(recorded && { recorded: place(recorded) }), posting: rows.filter((row) => row.ref === '').map(place) };
}

/** One page of an incident's alerts, firing first, and how many it holds. */
export async function listIncidentAlerts(
  db: Db,
  incidentId: number,
  page: { limit?: number; cursor?: number } = {},
): Promise<{ alerts: IncidentAlertRow[]; total: number; firing: number; nextCursor: number | null }> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  const rows = await db
    .select()
    .from(incidentAlerts)
    .where(and(eq(incidentAlerts.incidentId, incidentId), page.cursor ? gt(incidentAlerts.id, page.cursor) : undefined))
    .orderBy(asc(incidentAlerts.id))
    .limit(limit + 1);
  const [counts] = await db
    .select({ total: sql<number>`count(*)::int`, firing: sql<number>`count(*) FILTER (WHERE ${incidentAlerts.status} = 'firing')::int` })
    .from(incidentAlerts)
    .where(eq(incidentAlerts.incidentId, incidentId));
  const alertsPage = rows.slice(0, limit);
  return { alerts: alertsPage, total: Number(counts?.total ?? 0), firing: Number(counts?.firing ?? 0), nextCursor: rows.length > limit ? alertsPage.at(-1)!.id : null };
}

/** The incident that holds the alert with this id. */
export async function incidentOfAlert(db: Db, alertId: number): Promise<number | undefined> {
  const [row] = await db.select({ incidentId: incidentAlerts.incidentId }).from(incidentAlerts).where(eq(incidentAlerts.id, alertId));
  return row?.incidentId;
}

/**
 * The first alerts of an incident as its card lists them: firing before resolved, then in the
 * order they came (at most `limit`; the card says how many more there are).
 */
export async function incidentAlertsForCard(db: Db, incidentId: number, limit: number): Promise<IncidentAlertRow[]> {
  return db
    .select()
    .from(incidentAlerts)
    .where(eq(incidentAlerts.incidentId, incidentId))
    .orderBy(sql`CASE WHEN ${incidentAlerts.status} = 'firing' THEN 0 ELSE 1 END`, asc(incidentAlerts.id))
    .limit(limit);
}
