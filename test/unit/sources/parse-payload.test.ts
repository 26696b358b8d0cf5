import { describe, expect, it } from 'vitest';
import { parsePayload } from '../../../src/sources/parse-payload.js';

const now = new Date('2026-01-01T00:00:00Z');
const amAlert = {
  status: 'firing',
  labels: { alertname: 'HighCPU', severity: 'critical', instance: 'web-1' },
  annotations: { summary: 'CPU above 95%', runbook_url: 'https://runbooks/cpu' },
  startsAt: '2025-12-31T23:50:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus/graph',
  fingerprint: 'abc123',
};

describe('alertmanager', () => {
  it('normalizes webhook v4', () => {
    const result = parsePayload('alertmanager', { version: '4', status: 'firing', receiver: 'gong', alerts: [amAlert] }, now);
    expect(result).toEqual({
      ok: true,
      alerts: [{
        status: 'firing', fingerprint: 'abc123', title: 'HighCPU', severity: 'critical',
        labels: amAlert.labels, annotations: amAlert.annotations, description: 'CPU above 95%',
        url: 'http://prometheus/graph', startsAt: new Date('2025-12-31T23:50:00Z'),
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
    expect(fingerprint).toBe('abc123');
  });
});

describe('grafana', () => {
  it('keeps the panel link and value string', () => {
    const result = parsePayload('grafana', {
      title: '[FIRING:1]', state: 'alerting', message: 'm',
      alerts: [{ ...amAlert, panelURL: 'http://grafana/d/x?viewPanel=1', dashboardURL: 'http://grafana/d/x', valueString: "[ var='A' value=97 ]" }],
    }, now);
    expect(result.ok && result.alerts[0]).toMatchObject({
      url: 'http://grafana/d/x?viewPanel=1',
      annotations: { value: "[ var='A' value=97 ]", dashboard: 'http://grafana/d/x' },
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
