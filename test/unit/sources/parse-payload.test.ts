import { describe, expect, it } from 'vitest';
import { parsePayload } from '../../../src/sources/parse-payload.js';
import { fixture } from '../../helpers/fixtures.js';

const now = new Date('2026-01-01T00:00:00Z');
/** Alertmanager's webhook (v4) for one firing alert, as Alertmanager posts it. */
const amWebhook = () => fixture<{ alerts: Record<string, unknown>[] }>('alertmanager/firing');
const amAlert = amWebhook().alerts[0]!;

describe('alertmanager', () => {
  it('normalizes webhook v4', () => {
    const result = parsePayload('alertmanager', amWebhook(), now);
    expect(result).toEqual({
      ok: true,
      alerts: [{
        status: 'firing', fingerprint: '7c1e3f5a9b2d4e60', title: 'HighCPU', severity: 'critical',
        labels: { alertname: 'HighCPU', severity: 'critical', instance: 'web-1' },
        annotations: { summary: 'CPU above 95%', runbook_url: 'https://runbooks/cpu' }, description: 'CPU above 95%',
        url: 'http://prometheus:9090/graph?g0.expr=node_cpu_usage+%3E+0.95&g0.tab=1', startsAt: new Date('2025-12-31T23:50:00Z'),
        // The notification's group: its alerts are one incident unless a route's groupBy says otherwise.
        group: '{}:{alertname="HighCPU"}',
      }],
    });
  });
  it('names the bad field', () => {
    expect(parsePayload('alertmanager', { alerts: [{ ...amAlert, status: 'burning' }] })).toMatchObject({ ok: false, error: expect.stringMatching(/^alerts\[0\]\.status: /) });
    expect(parsePayload('alertmanager', { alerts: [{ ...amAlert, labels: { a: 1 } }] })).toMatchObject({ ok: false, error: expect.stringMatching(/^alerts\[0\]\.labels\.a: /) });
    expect(parsePayload('alertmanager', { alerts: [] })).toMatchObject({ ok: false, error: expect.stringMatching(/^alerts: /) });
    expect(parsePayload('alertmanager', 'text')).toMatchObject({ ok: false, error: expect.stringMatching(/^\(body\): /) });
  });
  it('hashes labels when the fingerprint is missing', () => {
    const { fingerprint, ...rest } = amAlert;
    const a = parsePayload('alertmanager', { alerts: [rest] });
    const b = parsePayload('alertmanager', { alerts: [{ ...rest, labels: { instance: 'web-1', severity: 'critical', alertname: 'HighCPU' } }] });
    expect(a.ok && b.ok && a.alerts[0]!.fingerprint).toBe(b.ok && b.alerts[0]!.fingerprint);
    expect(fingerprint).toBe('7c1e3f5a9b2d4e60');
  });
});

describe('grafana', () => {
  it('keeps the panel link and value string', () => {
    const result = parsePayload('grafana', fixture('grafana/firing'), now);
    expect(result.ok && result.alerts[0]).toMatchObject({
      url: 'http://grafana:3000/d/node-x?orgId=1&viewPanel=1',
      annotations: { value: "[ var='A' labels={instance=web-1} value=97 ], [ var='B' labels={instance=web-1} value=1 ]", dashboard: 'http://grafana:3000/d/node-x?orgId=1' },
    });
  });
});

describe('generic', () => {
  it('accepts one object or an array, with defaults', () => {
    const one = parsePayload('generic', { title: 'Disk full', labels: { host: 'db-1', disk: 2 } }, now);
    expect(one).toMatchObject({ ok: true, alerts: [{ status: 'firing', severity: 'warning', labels: { host: 'db-1', disk: '2' }, startsAt: now }] });
    const many = parsePayload('generic', [{ title: 'a', status: 'resolved', fingerprint: 'x' }, { title: 'b' }], now);
    expect(many.ok && many.alerts.map((a) => [a.status, a.fingerprint.length > 0])).toEqual([['resolved', true], ['firing', true]]);
  });
  it('distinguishes label-less alerts by title and names bad fields', () => {
    const a = parsePayload('generic', { title: 'a' });
    const b = parsePayload('generic', { title: 'b' });
    expect(a.ok && b.ok && a.alerts[0]!.fingerprint !== b.alerts[0]!.fingerprint).toBe(true);
    expect(parsePayload('generic', { severity: 'critical' })).toMatchObject({ ok: false, error: expect.stringMatching(/^title: /) });
    expect(parsePayload('generic', [{ title: 'ok' }, { title: 'x', status: 'maybe' }])).toMatchObject({ ok: false, error: expect.stringMatching(/^\[1\]\.status: /) });
  });
});
