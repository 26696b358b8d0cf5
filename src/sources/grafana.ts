import { z } from 'zod';
import type { NormalizedAlert } from './normalized-alert.js';
import { fromPrometheusStyle, prometheusStyleAlert, text } from './shared-fields.js';

/** Grafana unified alerting webhook: Alertmanager's `alerts[]` plus Grafana's own links. */
export const grafanaPayload = z.object({
  groupKey: text().optional(),
  title: text().optional(),
  message: text(65_536).optional(),
  state: text(64).optional(),
  alerts: z
    .array(
      prometheusStyleAlert.extend({
        valueString: text().optional(),
        dashboardURL: text().optional(),
        panelURL: text().optional(),
        silenceURL: text().optional(),
      }),
    )
    .min(1)
    .max(10_000),
});

export function parseGrafana(payload: z.infer<typeof grafanaPayload>, now: Date): NormalizedAlert[] {
  return payload.alerts.map((alert) => {
    const normalized = fromPrometheusStyle(alert, alert.panelURL || alert.dashboardURL || alert.generatorURL, now, payload.groupKey);
    // Grafana's value string ("[ var='A' value=97 ]") is the most useful line on a card.
    if (alert.valueString) normalized.annotations = { ...normalized.annotations, value: alert.valueString };
    if (alert.dashboardURL) normalized.annotations = { ...normalized.annotations, dashboard: alert.dashboardURL };
    return normalized;
  });
}
