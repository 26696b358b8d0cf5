import type { SourceConfig } from '../config/schema.js';
import type { AlertmanagerSource } from './alertmanager-api.js';

/** How often a snoozed alert is looked up in Alertmanager unless its source says otherwise. */
export const DEFAULT_SILENCE_CHECK_SECONDS = 60;

/** The source's Alertmanager, when Gong writes silences for it. */
export function silencingSource(sources: readonly SourceConfig[], name: string): (AlertmanagerSource & SourceConfig) | undefined {
  const source = sources.find((candidate) => candidate.name === name);
  return source?.alertmanagerUrl ? source : undefined;
}

/**
 * Whether the source's alerts are the ones its Alertmanager lists, labels and all (Prometheus via
 * Alertmanager, Grafana with its own): a generic source's alerts are not, and missing there says nothing.
 */
export function listsItsAlerts(source: SourceConfig): boolean {
  return source.type !== 'generic';
}
