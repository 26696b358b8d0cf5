import type { AlertRow } from '../db/alert-json.js';
import { MAX_SNOOZE_MS, type Refusal } from '../domain/lifecycle.js';
import type { ClickBody, NoticeBody, ReplyBody } from './messages.js';

const figures = { total: 12, resolved: 9, unresolved: 3, mttaMs: 240_000, mttrMs: 1_860_000, alerts: 57, noisiest: [{ title: 'HighCPU on web-3', count: 5 }, { title: 'DiskFull', count: 2 }] };

/** One notice of every kind about an alert, so every section of the notice templates renders. */
export function sampleNotices(alert: AlertRow): NoticeBody[] {
  return [
    { kind: 'escalation', alertId: alert.id, title: alert.title, step: 2, round: 1, waitedMs: 900_000 },
    { kind: 'update', event: 'assigned', alertId: alert.id, title: alert.title, actor: 'Han Meimei', assignee: alert.assignee ?? 'Li Lei' },
    { kind: 'update', event: 'acknowledged', alertId: alert.id, title: alert.title, actor: 'Han Meimei' },
    { kind: 'update', event: 'resolved', alertId: alert.id, title: alert.title, actor: 'Han Meimei', note: alert.description ?? 'fixed' },
    { kind: 'update', event: 'commented', alertId: alert.id, title: alert.title, actor: 'Han Meimei', note: alert.description ?? 'looking' },
    { kind: 'stats', date: '2026-01-02', until: '18:00', figures },
    { kind: 'storm', groupKey: 'cluster=prod', link: 'https://gong.example.com/console/alerts?summary=1', counts: { total: 40, alerts: 1200, firingByTitle: [{ title: alert.title, count: 30 }, { title: 'DiskFull', count: 7 }], byState: { triggered: 35, acknowledged: 2, resolved: 3 } } },
    { kind: 'storm', groupKey: '', link: 'https://gong.example.com/console/alerts?summary=2', counts: { total: 4, alerts: 9, firingByTitle: [], byState: { triggered: 0, acknowledged: 0, resolved: 4 } } },
    { kind: 'test' },
    { kind: 'test', source: 'grafana' },
  ];
}

/** A name for a sample notice, as snapshots and errors show it. */
export function noticeName(body: NoticeBody): string {
  if (body.kind === 'test') return body.source ? 'test-source' : 'test';
  return body.kind === 'update' ? `update-${body.event}` : body.kind === 'storm' && body.counts.byState.resolved === body.counts.total ? 'storm-resolved' : body.kind;
}

/** One answer of every kind, about the alert (as an incident of several alerts) where there is one. */
export function sampleReplies(alert: AlertRow): Record<string, ReplyBody> {
  const listed = { id: alert.id, title: alert.title, severity: alert.severity, state: alert.state, assignee: alert.assignee, alertCount: 1, firingCount: 1, mergedInto: null };
  const at = new Date('2026-01-02T02:05:00Z');
  // Its alerts share only the alert's first label: every other label of the alert tells them apart, as many as `show` lists.
  const [shared] = Object.entries(alert.labels);
  const incident = { ...alert, alertCount: 14, firingCount: 9, commonLabels: Object.fromEntries(shared ? [shared] : []) };
  const member = (id: number, instance: string, status: 'firing' | 'resolved') => ({ id, status, title: id % 2 ? alert.title : `${alert.title} (${instance})`, labels: { ...alert.labels, instance, pod: `api-${id}` } });
  const members = Array.from({ length: 10 }, (_, i) => member(101 + i, `web-${i + 1}`, i % 3 === 1 ? 'resolved' : 'firing'));
  const event = (type: string, actor: string, platform: string, details: Record<string, unknown> = {}) => ({ at, type, actor, platform, details });
  const timeline = [
    event('opened', alert.source, 'source'),
    event('alerts-joined', alert.source, 'source', { alerts: [101, 102, 103] }),
    event('acknowledged', 'Han Meimei', 'lark'),
    event('alerts-resolved', alert.source, 'source', { alerts: [101] }),
    event('alerts-refired', alert.source, 'source', { alerts: [101] }),
    event('merged', 'Han Meimei', 'dingtalk', { from: 43, alerts: [104, 105] }),
    event('split', 'Li Lei', 'lark', { into: 44, alerts: [106] }),
    event('commented', 'Li Lei', 'lark', { text: 'the node is back' }),
    event('assigned', 'Han Meimei', 'wecom', { assignee: 'Li Lei', previous: null }),
    event('snoozed', 'Li Lei', 'console', { until: '2026-01-02T04:05:00Z', duration: '2h' }),
    event('escalated', 'Gong', 'system', { step: 2, round: 0, policy: 'default', mentions: ['Li Lei', 'Han Meimei'] }),
    event('unacknowledged', 'ack timeout', 'system'),
    event('resolved', 'Li Lei', 'cli', { note: 'restarted the node' }),
    event('reopened', 'Han Meimei', 'api'),
    event('resolved', alert.source, 'source'),
  ];
  return {
    help: { kind: 'help' },
    usage: { kind: 'usage', usage: 'snooze <id> <30m|2h|1d>' },
    unknown: { kind: 'unknown', verb: 'dance' },
    'not-found': { kind: 'notFound', incidentId: 99, orAlert: false },
    'not-found-or-alert': { kind: 'notFound', incidentId: 99, orAlert: true },
    'alert-in': { kind: 'alertIn', alertId: 17, incidentId: alert.id },
    refused: { kind: 'refused', alert, refusal: { code: 'alreadyResolved', by: alert.resolvedBy ?? 'Han Meimei', at: new Date('2026-01-02T02:12:00Z') } },
    done: { kind: 'done', alert, event: alert.state === 'resolved' ? 'resolved' : alert.state === 'acknowledged' ? 'acknowledged' : 'assigned' },
    show: { kind: 'show', alert: incident, alerts: members, total: 14, firing: 9, link: `https://gong.example.com/console/incidents/${alert.id}`, timeline },
    'show-merged': { kind: 'show', alert: { ...alert, state: 'resolved', mergedInto: 41 }, alerts: [member(43, 'web-4', 'firing')], total: 1, firing: 1, link: 'https://gong.example.com/console/incidents/42', timeline: [event('opened', alert.source, 'source'), event('merged-into', 'Han Meimei', 'dingtalk', { into: 41 })] },
    'show-split': { kind: 'show', alert: { ...alert, id: 44 }, alerts: [member(106, 'web-6', 'firing')], total: 1, firing: 1, link: 'https://gong.example.com/console/incidents/44', timeline: [event('split-from', 'Li Lei', 'lark', { from: alert.id, alerts: [106] })] },
    list: { kind: 'list', scope: 'open', incidents: [listed, { ...listed, id: 43, title: 'DiskFull', severity: 'warning', assignee: null, alertCount: 14, firingCount: 9 }, { ...listed, id: 41, state: 'resolved', mergedInto: alert.id }], more: true },
    'list-empty': { kind: 'list', scope: 'mine', incidents: [], more: false },
    merged: { kind: 'merged', incident, other: { ...alert, id: 43, state: 'resolved', mergedInto: alert.id } },
    split: { kind: 'split', incident: { ...alert, id: 44 }, other: incident },
    'cannot-merge': { kind: 'cannotMerge', from: alert.id, into: alert.id, refusal: { code: 'sameIncident' } },
    'cannot-split': { kind: 'cannotSplit', incidentId: alert.id, alert: 'f3a9c2', refusal: { code: 'lastAlert' } },
    oncall: { kind: 'oncall', schedules: [{ schedule: 'primary', now: { user: 'Li Lei', override: true, to: '2026-01-03T01:00:00Z' }, next: { user: 'Han Meimei' } }, { schedule: 'db', now: null, next: null }] },
    'oncall-none': { kind: 'oncall', schedules: [] },
    stats: { kind: 'stats', period: 'week', figures },
  };
}

/** One refusal of every code, naming the alert's own people where it has them. */
export function sampleRefusals(alert: AlertRow): Refusal[] {
  const at = new Date('2026-01-02T02:12:00Z');
  return [
    { code: 'alreadyResolved', by: alert.resolvedBy ?? 'Han Meimei', at },
    { code: 'alreadyAcknowledged', by: alert.acknowledgedBy ?? 'Li Lei', at },
    { code: 'notAcknowledged', state: alert.state === 'acknowledged' ? 'triggered' : alert.state },
    { code: 'notResolved', state: alert.state === 'resolved' ? 'triggered' : alert.state },
    { code: 'needsAssignee' },
    { code: 'alreadyAssigned', user: alert.assignee ?? 'Li Lei' },
    { code: 'needsDuration' },
    { code: 'snoozeTooLong', maxMs: MAX_SNOOZE_MS },
    { code: 'notSnoozed' },
    { code: 'needsText' },
    { code: 'alreadyHandled' },
    { code: 'sameIncident' },
    { code: 'mergedAway', into: 41 },
    { code: 'notInIncident', alert: '17' },
    { code: 'lastAlert' },
  ];
}

/** One answer to a click or an action link of every kind, and a refusal of every code. */
export function sampleClicks(alert: AlertRow): Record<string, ClickBody> {
  const refusals = Object.fromEntries(sampleRefusals(alert).map((refusal) => [`refused-${refusal.code}`, { kind: 'refused', alert, refusal } as const]));
  return {
    done: { kind: 'done', alert, event: alert.state === 'resolved' ? 'resolved' : alert.state === 'acknowledged' ? 'acknowledged' : 'snoozed' },
    ...refusals,
    'not-found': { kind: 'notFound', alertId: 99 },
    'unknown-card': { kind: 'unknownCard' },
    invalid: { kind: 'invalid', action: 'dance' },
    'link-expired': { kind: 'linkExpired' },
    'link-invalid': { kind: 'linkInvalid' },
    'need-name': { kind: 'needName' },
    'ask-name': { kind: 'askName' },
    confirm: { kind: 'confirm', action: 'snooze', duration: '2h' },
    updating: { kind: 'updating' },
  };
}
