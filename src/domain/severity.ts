export type Severity = 'critical' | 'warning' | 'info';

const ALIASES: Record<string, Severity> = {
  critical: 'critical', crit: 'critical', fatal: 'critical', emergency: 'critical', page: 'critical',
  p0: 'critical', p1: 'critical', high: 'critical', disaster: 'critical', error: 'critical',
  warning: 'warning', warn: 'warning', p2: 'warning', medium: 'warning', major: 'warning',
  info: 'info', informational: 'info', p3: 'info', p4: 'info', low: 'info', minor: 'info', none: 'info',
};

/** Monitoring systems spell severity many ways; Gong keeps three so routes and colours stay simple. */
export function normalizeSeverity(value: string | undefined): Severity {
  return (value && ALIASES[value.trim().toLowerCase()]) || 'warning';
}
