import type { Severity } from './severity.js';

/** `groupBy: ['...']` groups by every label: each alert is an incident of its own (as in Alertmanager). */
export const EACH_ALERT_ALONE = '...';

/** What grouping reads of an alert. */
export interface Groupable {
  fingerprint: string;
  /** The source's own group (Alertmanager's and Grafana's `groupKey`, the generic `group`). */
  group: string | null;
  labels: Readonly<Record<string, string>>;
}

/**
 * The key an alert's incident is found by, first that applies: the route's `groupBy` (the values
 * of those labels), the source's own group, the alert's fingerprint. The prefix keeps the three
 * apart, so a source group can never equal a label set or a fingerprint.
 */
export function groupKeyOf(alert: Groupable, groupBy: readonly string[]): string {
  if (groupBy.includes(EACH_ALERT_ALONE)) return `fingerprint:${alert.fingerprint}`;
  if (groupBy.length > 0) return `labels:${JSON.stringify(groupBy.map((name) => [name, alert.labels[name] ?? '']))}`;
  if (alert.group) return `group:${alert.group}`;
  return `fingerprint:${alert.fingerprint}`;
}

/** The labels both sets share with the same value. */
export function sharedLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(a).filter(([name, value]) => b[name] === value));
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export function highestSeverity(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((worst, next) => (RANK[next] > RANK[worst] ? next : worst), 'info');
}

/** What an incident shows of its alerts: its title, severity and common labels. */
export interface IncidentSummary {
  title: string;
  severity: Severity;
  commonLabels: Record<string, string>;
}

interface Member {
  title: string;
  severity: Severity;
  labels: Readonly<Record<string, string>>;
}

/**
 * The incident's summary from its alerts (the first is the one that opened it): the title they
 * share, else their common `alertname`, else the first one's; the highest severity; the labels
 * they all carry.
 */
export function summarize(members: readonly Member[]): IncidentSummary {
  const [first, ...rest] = members;
  if (!first) throw new Error('an incident has at least one alert');
  let commonLabels: Record<string, string> = { ...first.labels };
  for (const member of rest) commonLabels = sharedLabels(commonLabels, member.labels);
  const sameTitle = rest.every((member) => member.title === first.title);
  return {
    title: sameTitle ? first.title : (commonLabels.alertname ?? first.title),
    severity: highestSeverity(members.map((member) => member.severity)),
    commonLabels,
  };
}

/** The summary after more alerts join, from the summary before: joins never need the other members. */
export function summarizeJoin(current: IncidentSummary & { openingTitle: string }, joining: readonly Member[]): IncidentSummary {
  let commonLabels = current.commonLabels;
  for (const member of joining) commonLabels = sharedLabels(commonLabels, member.labels);
  const sameTitle = current.title === current.openingTitle && joining.every((member) => member.title === current.openingTitle);
  return {
    title: sameTitle ? current.openingTitle : (commonLabels.alertname ?? current.openingTitle),
    severity: highestSeverity([current.severity, ...joining.map((member) => member.severity)]),
    commonLabels,
  };
}

/**
 * The labels that tell an alert apart from the other alerts of its incident: those not every
 * alert shares, leaving out `exclude` and an `alertname` that only repeats the alert's title.
 */
export function labelsApart(
  labels: Readonly<Record<string, string>>,
  commonLabels: Readonly<Record<string, string>>,
  title: string | null,
  exclude: readonly string[] = [],
): [string, string][] {
  return Object.entries(labels).filter(([key, value]) => commonLabels[key] !== value && !exclude.includes(key) && !(key === 'alertname' && value === title));
}
