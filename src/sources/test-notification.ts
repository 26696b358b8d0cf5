import type { NormalizedAlert, SourceType } from './normalized-alert.js';

/**
 * Grafana's contact-point "Test" button sends one made-up alert: `alertname=TestAlert`,
 * `instance=Grafana` (newer versions add `grafana_folder`), summary "Notification test". It is a
 * question ("does this integration work?"), not an alert: it gets a test message in the chats its
 * labels route to, never a card or a place in the alert list. A custom test (the user sets labels
 * and annotations) is indistinguishable from an alert, and is treated as one.
 * Alertmanager has no test button (`amtool alert add` sends a real alert), so only Grafana's counts.
 */
export function isTestNotification(type: SourceType, alert: NormalizedAlert): boolean {
  return (
    type === 'grafana' &&
    alert.labels.alertname === 'TestAlert' &&
    alert.labels.instance === 'Grafana' &&
    alert.annotations.summary === 'Notification test'
  );
}
