import type { AlertRow } from '../db/alert-json.js';
import type { AlertStats } from '../domain/stats.js';
import type { Refusal } from '../domain/lifecycle.js';

/**
 * What a notice says, as values: each chat renders it with its own template set and language
 * (`templates/common/<set>/<kind>.<locale>.md`), so nothing here is worded.
 */
export type NoticeBody =
  | { kind: 'escalation'; alertId: number; title: string; step: number; round: number; waitedMs: number }
  /** `fromSource`: the actor is the incident's source (its alerts ended), not a person. */
  | { kind: 'update'; event: UpdateEvent; alertId: number; title: string; actor: string; assignee?: string | null; note?: string; fromSource?: boolean }
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

/** One incident in a `list` reply. */
export interface ListedIncident {
  id: number;
  title: string;
  severity: 'critical' | 'warning' | 'info';
  state: 'triggered' | 'acknowledged' | 'resolved';
  assignee: string | null;
  alertCount: number;
  firingCount: number;
  /** The incident it was merged into, when it was. */
  mergedInto: number | null;
}

/** One alert inside an incident, as `show` lists it: its id is what `split` takes. */
export interface ShownAlert {
  id: number;
  status: 'firing' | 'resolved';
  title: string;
  labels: Record<string, string>;
}

/** A timeline event as `show` words it; `details` carries the ids a sentence names (alerts moved, the other incident). */
export interface ShownEvent {
  at: Date;
  type: string;
  actor: string;
  platform: string;
  details: Record<string, unknown>;
}

/** What a command's answer says, as values; `templates/common/<set>/reply.<locale>.md` words it. */
export type ReplyBody =
  | { kind: 'help' }
  | { kind: 'usage'; usage: string }
  | { kind: 'unknown'; verb: string }
  /** `orAlert`: no alert inside an incident has that id either (`show`). */
  | { kind: 'notFound'; incidentId: number; orAlert: boolean }
  /** `show 17` where 17 is no incident but an alert inside incident #12. */
  | { kind: 'alertIn'; alertId: number; incidentId: number }
  | { kind: 'refused'; alert: AlertRow; refusal: Refusal }
  | { kind: 'done'; alert: AlertRow; event: string }
  /** `alerts`: the first of the incident's alerts; `total` and `firing` count them all; `link` (the console's incident page) has the rest. */
  | { kind: 'show'; alert: AlertRow; alerts: ShownAlert[]; total: number; firing: number; link: string; timeline: ShownEvent[] }
  | { kind: 'list'; scope: 'open' | 'mine' | 'all'; incidents: ListedIncident[]; more: boolean }
  /** `incident` took the alerts of `other`, which is closed as merged. */
  | { kind: 'merged'; incident: AlertRow; other: AlertRow }
  /** `incident` is the new one, holding the alert split off `other`. */
  | { kind: 'split'; incident: AlertRow; other: AlertRow }
  /** A merge or split that did not happen, and why; `alert` is the alert as the command named it. */
  | { kind: 'cannotMerge'; from: number; into: number; refusal: Refusal }
  | { kind: 'cannotSplit'; incidentId: number; alert: number | string; refusal: Refusal }
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
