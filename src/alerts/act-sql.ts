import { type Column, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import { pgArrayLiteral, queryRows } from '../db/rows.js';
import { alerts } from '../db/schema.js';
import type { AlertRow } from '../db/alert-json.js';
import type { LifecycleChanges } from '../domain/lifecycle.js';

/*
 * The statements every action runs (a click, the API, a timer), written as SQL text once instead of
 * built by drizzle's query builder each time: building a query cost more CPU than the database
 * spent running it. Rows come back as the builder's would, decoded by the table's own columns.
 */

type Raw = Record<string, unknown>;

/** Raw rows (columns as stored) → the rows drizzle's `select()` gives, by the table's own decoders. */
function rowDecoder<T>(table: PgTable): (raw: Raw) => T {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name, column as Column] as const);
  return (raw) => {
    const row: Raw = {};
    for (const [key, name, column] of columns) {
      const value = raw[name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as T;
  };
}

export const decodeAlert = rowDecoder<AlertRow>(alerts);
const ALERT_COLUMNS = getTableColumns(alerts) as Record<string, Column>;

/** Ids as one array parameter: the statement's text is the same however many there are. */
const idArray = (ids: readonly number[]): SQL => sql`${pgArrayLiteral(ids)}::int[]`;

/** What the first action with this dedupe key answered, when there was one. */
export interface StoredAnswer {
  result: Record<string, unknown> | null;
}

/**
 * Locks the alert for the action and reads, in the same statement, the answer already given to
 * this dedupe key. A redelivery of an action still in flight waits for the lock but reads the
 * answers as they were before it: `claimAnswer` then finds the key taken, and the action runs again.
 */
export async function lockForAction(tx: Queryable, alertId: number, dedupeKey: string | undefined): Promise<{ row: AlertRow; stored?: StoredAnswer } | undefined> {
  const [raw] = await queryRows<Raw>(
    tx,
    sql`SELECT a.*, r.dedupe_key AS gong_dedupe_key, r.result AS gong_dedupe_result
        FROM alerts a LEFT JOIN action_results r ON r.dedupe_key = ${dedupeKey ?? null}::text
        WHERE a.id = ${alertId}::int FOR UPDATE OF a`,
  );
  if (!raw) return undefined;
  const row = decodeAlert(raw);
  return raw.gong_dedupe_key === null || raw.gong_dedupe_key === undefined ? { row } : { row, stored: { result: parseJson(raw.gong_dedupe_result) } };
}

/**
 * Writes down the answer to a dedupe key; false when the key was taken meanwhile (a redelivery
 * that committed while this action waited), and then the action must not stand.
 */
export async function claimAnswer(tx: Queryable, dedupeKey: string, alertId: number, result: Record<string, unknown>): Promise<boolean> {
  const rows = await queryRows<Raw>(
    tx,
    sql`INSERT INTO action_results (dedupe_key, alert_id, result) VALUES (${dedupeKey}::text, ${alertId}::int, ${JSON.stringify(result)}::jsonb)
        ON CONFLICT DO NOTHING RETURNING dedupe_key`,
  );
  return rows.length > 0;
}

/** Sets the same changes on every alert of `ids` and steps their version; the rows as they are now. */
export async function updateAlerts(tx: Queryable, ids: readonly number[], changes: LifecycleChanges): Promise<AlertRow[]> {
  const sets: SQL[] = [sql`version = version + 1`];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const column = ALERT_COLUMNS[key];
    if (!column) throw new Error(`alerts has no column ${key}`);
    sets.push(sql`${sql.identifier(column.name)} = ${value === null ? null : sql.param(value, column)}`);
  }
  const rows = await queryRows<Raw>(tx, sql`UPDATE alerts SET ${sql.join(sets, sql`, `)} WHERE id = ANY(${idArray(ids)}) RETURNING *`);
  return rows.map(decodeAlert);
}

export interface EventRow {
  alertId: number;
  type: string;
  actor: string;
  platform: string;
  at: Date;
  details: Record<string, unknown>;
}

/** Timeline events, any number, in one statement of one text. */
export async function insertEvents(tx: Queryable, events: readonly EventRow[]): Promise<void> {
  if (events.length === 0) return;
  const json = JSON.stringify(events.map((e) => ({ alert_id: e.alertId, type: e.type, actor: e.actor, platform: e.platform, at: e.at.toISOString(), details: e.details })));
  await tx.execute(
    sql`INSERT INTO alert_events (alert_id, type, actor, platform, at, details)
        SELECT alert_id, type, actor, platform, at, details
        FROM jsonb_to_recordset(${json}::jsonb) AS e(alert_id int, type text, actor text, platform text, at timestamptz, details jsonb)`,
  );
}

/** Every posted card of these alerts, but those in `exceptChat`, with the alert's severity. */
export async function postedCards(tx: Queryable, alertIds: readonly number[], exceptChat: string | undefined): Promise<{ alertId: number; chat: string; severity: string }[]> {
  const rows = await queryRows<{ alert_id: number; chat: string; severity: string }>(
    tx,
    sql`SELECT c.alert_id, c.chat, a.severity FROM cards c JOIN alerts a ON a.id = c.alert_id
        WHERE c.alert_id = ANY(${idArray(alertIds)}) AND (${exceptChat ?? null}::text IS NULL OR c.chat <> ${exceptChat ?? null}::text)`,
  );
  return rows.map((row) => ({ alertId: Number(row.alert_id), chat: row.chat, severity: row.severity }));
}

/** postgres-js hands jsonb over parsed, PGlite too; a string is a JSON text some driver left as is. */
function parseJson(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
}
