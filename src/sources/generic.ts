import { z } from 'zod';
import { fingerprintOf } from '../domain/fingerprint.js';
import { normalizeSeverity } from '../domain/severity.js';
import type { NormalizedAlert } from './normalized-alert.js';
import { dateOr, labelMap, text, timestamp } from './shared-fields.js';

const scalar = z.union([z.string().max(16_384), z.number(), z.boolean()]).transform(String);

/** Gong's own documented shape for anything that can POST JSON. */
const genericAlert = z.object({
  title: text(1024).min(1),
  severity: text(64).optional(),
  status: z.enum(['firing', 'resolved']).default('firing'),
  labels: z.record(z.string().min(1).max(1024), scalar).default({}),
  annotations: labelMap.default({}),
  description: text().optional(),
  url: text().optional(),
  fingerprint: text(256).min(1).optional(),
  /** Alerts with the same group are one incident (unless a route's `groupBy` groups them). */
  group: text(1024).min(1).optional(),
  startsAt: timestamp,
});

/** One alert or an array of them; choosing by shape keeps error messages pointed at the field. */
export const genericPayload = z.array(genericAlert).min(1).max(10_000);
export const genericSingle = genericAlert;

export function parseGeneric(list: z.infer<typeof genericPayload>, now: Date): NormalizedAlert[] {
  return list.map((alert) => {
    // Without labels, the title is what tells one alert from another.
    const identity = Object.keys(alert.labels).length > 0 ? alert.labels : { title: alert.title };
    return {
      status: alert.status,
      fingerprint: alert.fingerprint || fingerprintOf(identity),
      title: alert.title,
      severity: normalizeSeverity(alert.severity ?? alert.labels.severity),
      labels: alert.labels,
      annotations: alert.annotations,
      description: alert.description || alert.annotations.summary || null,
      url: alert.url || null,
      startsAt: dateOr(alert.startsAt, now),
      group: alert.group ?? null,
    };
  });
}
