import type { Severity } from '../domain/severity.js';

/** What every source payload becomes: the one shape the ingest service understands. */
export interface NormalizedAlert {
  status: 'firing' | 'resolved';
  fingerprint: string;
  title: string;
  severity: Severity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  description: string | null;
  url: string | null;
  startsAt: Date;
  /** The source's own group of alerts (Alertmanager's `groupKey`): its incident, unless a route says `groupBy`. */
  group?: string | null;
}

export type SourceType = 'alertmanager' | 'grafana' | 'generic';
