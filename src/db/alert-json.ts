import type { alerts, alertEvents, incidentAlerts } from './schema.js';

export type AlertRow = typeof alerts.$inferSelect;
export type IncidentAlertRow = typeof incidentAlerts.$inferSelect;
export type AlertEventRow = typeof alertEvents.$inferSelect;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The alert as the API, the CLI and webhooks show it: a public contract, keep field names stable. */
export function alertJson(row: AlertRow) {
  return {
    id: row.id,
    state: row.state,
    title: row.title,
    severity: row.severity,
    source: row.source,
    fingerprint: row.fingerprint,
    labels: row.labels,
    annotations: row.annotations,
    description: row.description,
    url: row.url,
    count: row.count,
    assignee: row.assignee,
    snoozedUntil: iso(row.snoozedUntil),
    openedAt: iso(row.openedAt),
    lastSeenAt: iso(row.lastSeenAt),
    acknowledgedAt: iso(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
    resolvedAt: iso(row.resolvedAt),
    resolvedBy: row.resolvedBy,
    /** Why Alertmanager did not take the snooze's silence; null when it did. */
    silenceError: row.silenceError,
    version: row.version,
  };
}

export function eventJson(row: AlertEventRow) {
  return { type: row.type, actor: row.actor, platform: row.platform, at: row.at.toISOString(), details: row.details };
}

export type AlertJson = ReturnType<typeof alertJson>;

/** An alert inside an incident, as the API shows it: a public contract, keep field names stable. */
export function incidentAlertJson(row: IncidentAlertRow) {
  return {
    id: row.id,
    incidentId: row.incidentId,
    status: row.status,
    title: row.title,
    severity: row.severity,
    source: row.source,
    fingerprint: row.fingerprint,
    labels: row.labels,
    annotations: row.annotations,
    description: row.description,
    url: row.url,
    count: row.count,
    startsAt: iso(row.startsAt),
    joinedAt: iso(row.joinedAt),
    lastSeenAt: iso(row.lastSeenAt),
    resolvedAt: iso(row.resolvedAt),
  };
}

/** How many of its alerts an incident shows with it (API and CLI); the rest are a paged request away. */
export const FIRST_ALERTS = 20;

/** An incident as the API, the CLI and the console show it: the alert fields plus its grouping. A public contract, keep field names stable. */
export function incidentJson(row: AlertRow) {
  return {
    ...alertJson(row),
    groupKey: row.groupKey,
    /** The labels every alert of the incident shares. */
    commonLabels: row.commonLabels,
    alertCount: row.alertCount,
    firingCount: row.firingCount,
    /** The incident this one was merged into (it is then resolved); null otherwise. */
    mergedInto: row.mergedInto,
  };
}

export type IncidentJson = ReturnType<typeof incidentJson>;
