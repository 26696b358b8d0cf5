import { z } from 'zod';
import type { NormalizedAlert } from './normalized-alert.js';
import { fromPrometheusStyle, labelMap, prometheusStyleAlert, text } from './shared-fields.js';

/** Alertmanager webhook payload, version 4. */
export const alertmanagerPayload = z.object({
  version: z.string().max(16).optional(),
  groupKey: text().optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  receiver: text().optional(),
  groupLabels: labelMap.optional(),
  commonLabels: labelMap.optional(),
  commonAnnotations: labelMap.optional(),
  externalURL: text().optional(),
  alerts: z.array(prometheusStyleAlert).min(1).max(10_000),
});

export function parseAlertmanager(payload: z.infer<typeof alertmanagerPayload>, now: Date): NormalizedAlert[] {
  return payload.alerts.map((alert) => fromPrometheusStyle(alert, alert.generatorURL, now, payload.groupKey));
}
