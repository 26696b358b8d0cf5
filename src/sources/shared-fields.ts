import { z } from 'zod';
import { fingerprintOf } from '../domain/fingerprint.js';
import { normalizeSeverity } from '../domain/severity.js';
import type { NormalizedAlert } from './normalized-alert.js';

const MAX_TEXT = 16_384;

export const labelMap = z.record(z.string().min(1).max(1024), z.string().max(MAX_TEXT));

/**
 * Alertmanager sends 0001-01-01T00:00:00Z for "no end"; any bad date falls back to now. Past year
 * 9999 JavaScript writes `+010000-…`, which Postgres does not read.
 */
export const timestamp = z.string().max(64).optional();

export function dateOr(value: string | undefined, fallback: Date): Date {
  if (!value) return fallback;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) || parsed.getUTCFullYear() < 1970 || parsed.getUTCFullYear() > 9999 ? fallback : parsed;
}

/** The `alerts[]` element shared by Alertmanager and Grafana webhooks. */
export const prometheusStyleAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelMap,
  annotations: labelMap.default({}),
  startsAt: timestamp,
  endsAt: timestamp,
  generatorURL: z.string().max(MAX_TEXT).optional(),
  fingerprint: z.string().max(256).optional(),
});

export function fromPrometheusStyle(
  alert: z.infer<typeof prometheusStyleAlert>,
  url: string | undefined,
  now: Date,
  group: string | undefined,
): NormalizedAlert {
  const { labels, annotations } = alert;
  return {
    status: alert.status,
    fingerprint: alert.fingerprint || fingerprintOf(labels),
    title: labels.alertname || annotations.summary || 'Alert',
    severity: normalizeSeverity(labels.severity ?? labels.priority),
    labels,
    annotations,
    description: annotations.summary || annotations.description || null,
    url: url || null,
    startsAt: dateOr(alert.startsAt, now),
    group: group || null,
  };
}

export const text = (max = MAX_TEXT) => z.string().max(max);
