import type { AlertRow } from '../db/alert-json.js';

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

/** The sample in each state a card can show, for checks that must cover every section. */
export function sampleAlerts(now: Date): AlertRow[] {
  const at = new Date('2026-01-02T02:12:00Z');
  return [
    sampleAlert(),
    sampleAlert({ state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: 'Han Meimei', snoozedUntil: new Date(now.getTime() + 3_600_000) }),
    sampleAlert({ state: 'resolved', resolvedAt: at, resolvedBy: 'Han Meimei', assignee: null, description: null, count: 1, severity: 'info' }),
  ];
}
