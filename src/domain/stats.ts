/** The statistics of a period: its incidents, and the alerts in them. */
export interface AlertStats {
  /** Incidents opened in the period (those merged into another left out). */
  total: number;
  resolved: number;
  unresolved: number;
  /** Mean time to acknowledge an incident, in ms; null when none was acknowledged. */
  mttaMs: number | null;
  /** Mean time to resolve an incident, in ms; null when none was resolved. */
  mttrMs: number | null;
  /** Alerts in those incidents. */
  alerts: number;
  /** Alert titles (Alertmanager's: the alertname) by how often their alerts fired, the most first. */
  noisiest: { title: string; count: number }[];
}

/** What the database counted (means in ms, null when nothing to average), as the figures people read. */
export interface StatsTotals {
  total: number;
  resolved: number;
  mtta: number | null;
  mttr: number | null;
}

/** The seeds' total/resolved/unresolved, plus MTTA/MTTR in whole milliseconds; no totals when no incident matched. */
export function alertStatsOf(totals: StatsTotals | undefined, alerts: number, noisiest: AlertStats['noisiest']): AlertStats {
  const total = totals?.total ?? 0;
  const resolved = totals?.resolved ?? 0;
  return {
    total,
    resolved,
    unresolved: total - resolved,
    mttaMs: totals?.mtta == null ? null : Math.round(totals.mtta),
    mttrMs: totals?.mttr == null ? null : Math.round(totals.mttr),
    alerts,
    noisiest,
  };
}
