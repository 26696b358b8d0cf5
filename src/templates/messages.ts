import type { AlertRow } from '../db/alert-json.js';
import type { AlertStats } from '../domain/stats.js';
import type { Refusal } from '../domain/lifecycle.js';

/**
 * What a notice says, as values: each chat renders it with its own template set and language
 * (`templates/common/<set>/<kind>.<locale>.md`), so nothing here is worded.
 */
export type NoticeBody =
  | { kind: 'escalation'; alertId: number; title: string; step: number; round: number; waitedMs: number }
  | { kind: 'update'; event: UpdateEvent; alertId: number; title: string; actor: string; assignee?: string | null; note?: string }
  | { kind: 'stats'; date: string; until: string; figures: AlertStats }
  | { kind: 'storm'; groupKey: string; counts: StormCounts; link: string }
  /** `source`: a monitoring system's own test notification (Grafana's "Test" button) came this way. */
  | { kind: 'test'; source?: string };

export type UpdateEvent = 'assigned' | 'acknowledged' | 'resolved' | 'commented';

/** A storm summary's figures: it folds incidents, each with its alerts. */
export interface StormCounts {
  /** Incidents in the summary. */
  total: number;
  /** Alerts in those incidents. */
  alerts: number;
  /** Open (not resolved) incidents per title, most frequent first. */
  firingByTitle: { title: string; count: number }[];
  /** Incidents by state. */
  byState: { triggered: number; acknowledged: number; resolved: number };
}

/** One alert in a `list` reply. */
export interface ListedAlert {
  id: number;
  title: string;
  severity: 'critical' | 'warning' | 'info';
  state: 'triggered' | 'acknowledged' | 'resolved';
  assignee: string | null;
}

/** What a command's answer says, as values; `templates/common/<set>/reply.<locale>.md` words it. */
export type ReplyBody =
  | { kind: 'help' }
  | { kind: 'usage'; usage: string }
  | { kind: 'unknown'; verb: string }
  | { kind: 'notFound'; alertId: number }
  | { kind: 'refused'; alert: AlertRow; refusal: Refusal }
  | { kind: 'done'; alert: AlertRow; event: string }
  | { kind: 'show'; alert: AlertRow; timeline: { at: Date; type: string; actor: string; platform: string }[] }
  | { kind: 'list'; scope: 'open' | 'mine' | 'all'; alerts: ListedAlert[]; more: boolean }
  | { kind: 'oncall'; schedules: { schedule: string; now: { user: string; override: boolean; to: string } | null; next: { user: string } | null }[] }
  | { kind: 'stats'; period: 'today' | 'week'; figures: AlertStats };

/**
 * What the answer to a button click or an action link says, as values; `click.<locale>.txt` of
 * the clicked chat words it as plain text (a Lark toast, a DingTalk card's private line, a page).
 */
export type ClickBody =
  | { kind: 'done'; alert: AlertRow; event: string }
  | { kind: 'refused'; alert: AlertRow; refusal: Refusal }
  | { kind: 'notFound'; alertId: number }
  | { kind: 'unknownCard' }
  | { kind: 'invalid'; action: string }
  | { kind: 'linkExpired' }
  | { kind: 'linkInvalid' }
  | { kind: 'needName' }
  /** The action link page's form: its name field's label, its button, and the line after it is done. */
  | { kind: 'askName' }
  | { kind: 'confirm'; action: string; duration?: string }
  | { kind: 'updating' };
