export interface AlertStats {
  total: number;
  resolved: number;
  unresolved: number;
  /** Mean time to acknowledge, in ms; null when nothing was acknowledged. */
  mttaMs: number | null;
  /** Mean time to resolve, in ms; null when nothing was resolved. */
  mttrMs: number | null;
  noisiest: { title: string; count: number }[];
}

/** What the database counted (means in ms, null when nothing to average), as the figures people read. */
export interface StatsTotals {
  total: number;
  resolved: number;
  mtta: number | null;
  mttr: number | null;
}

/** The seeds' total/resolved/unresolved, plus MTTA/MTTR in whole milliseconds; no totals when no alert matched. */
export function alertStatsOf(totals: StatsTotals | undefined, noisiest: AlertStats['noisiest']): AlertStats {
  const total = totals?.total ?? 0;
  const resolved = totals?.resolved ?? 0;
  return {
    total,
    resolved,
    unresolved: total - resolved,
    mttaMs: totals?.mtta == null ? null : Math.round(totals.mtta),
    mttrMs: totals?.mttr == null ? null : Math.round(totals.mttr),
    noisiest,
  };
}
