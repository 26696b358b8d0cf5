import type { AlertRow } from '../db/alert-json.js';
import type { IncidentAlert, IncidentAlerts } from '../cards/alert-view.js';

/** The public URL of the samples' links to the console. */
export const SAMPLE_PUBLIC_URL = 'https://gong.example.com';

/**
 * The alert templates are checked and previewed with: every optional field set, so every
 * section of a template renders at least once.
 */
export function sampleAlert(overrides: Partial<AlertRow> = {}): AlertRow {
  const startsAt = new Date('2026-01-02T02:00:00Z');
  return {
    id: 42,
    source: 'alertmanager',
    fingerprint: 'f3a9c2',
    groupKey: 'fingerprint:f3a9c2',
    state: 'triggered',
    title: 'HighCPU on web-3',
    severity: 'critical',
    description: 'CPU above 90% for 10 minutes.',
    url: 'https://prometheus.example.com/graph?g0.expr=cpu',
    labels: { alertname: 'HighCPU', severity: 'critical', instance: 'web-3', job: 'node' },
    annotations: { runbook_url: 'https://wiki.example.com/runbooks/cpu', dashboard: 'https://grafana.example.com/d/node' },
    commonLabels: { alertname: 'HighCPU', severity: 'critical', instance: 'web-3', job: 'node' },
    count: 3,
    alertCount: 1,
    firingCount: 1,
    mergedInto: null,
    assignee: 'Li Lei',
    snoozedUntil: null,
    startsAt,
    openedAt: startsAt,
    lastSeenAt: new Date('2026-01-02T02:10:00Z'),
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    version: 1,
    escalation: null,
    silenceIds: {},
    silenceError: null,
    ...overrides,
  };
}

/**
 * A Kubernetes incident of 24 alerts (21 firing), one per pod, with the first 20 loaded as a card
 * loads them: the list, a member with a title and severity of its own, and "+ 4 more".
 */
export function sampleIncident(overrides: Partial<AlertRow> = {}): { alert: AlertRow; incident: IncidentAlerts } {
  const common = { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'prod', job: 'kube-state-metrics' };
  const alert = sampleAlert({
    title: 'KubePodCrashLooping',
    groupKey: 'alertmanager:{}:{alertname="KubePodCrashLooping"}',
    labels: { ...common, pod: 'api-7f9c4-0', node: 'node-0' },
    commonLabels: common,
    description: 'Pods of the api deployment restart repeatedly.',
    count: 1,
    alertCount: 24,
    firingCount: 21,
    ...overrides,
  });
  const members: IncidentAlert[] = Array.from({ length: 24 }, (_, i) => ({
    id: 100 + i,
    status: i < 21 ? 'firing' : 'resolved',
    title: i === 1 ? 'KubePodNotReady' : 'KubePodCrashLooping',
    severity: i === 1 ? 'warning' : 'critical',
    labels: { ...common, ...(i === 1 && { alertname: 'KubePodNotReady', severity: 'warning' }), pod: `api-7f9c4-${i}`, node: `node-${i % 3}` },
  }));
  return { alert, incident: { alerts: members.slice(0, 20), publicUrl: SAMPLE_PUBLIC_URL } };
}

/** One card's sample: a name for checks and snapshots, the incident, and its alerts where it has several. */
export interface Sample {
  name: string;
  alert: AlertRow;
  incident?: IncidentAlerts;
}

/** The sample in each state a card can show, for checks that must cover every section. */
export function sampleAlerts(now: Date): Sample[] {
  const at = new Date('2026-01-02T02:12:00Z');
  const resolved = { state: 'resolved', resolvedAt: at, resolvedBy: 'Han Meimei' } as const;
  return [
    { name: 'triggered', alert: sampleAlert() },
    { name: 'acknowledged', alert: sampleAlert({ state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: 'Han Meimei', snoozedUntil: new Date(now.getTime() + 3_600_000) }) },
    { name: 'resolved', alert: sampleAlert({ ...resolved, assignee: null, description: null, count: 1, severity: 'info' }) },
    { name: 'incident', ...sampleIncident() },
    // Merging moves every alert to the other incident: this one holds none.
    { name: 'merged', ...sampleIncident({ ...resolved, mergedInto: 41, alertCount: 0, firingCount: 0 }) },
  ];
}
