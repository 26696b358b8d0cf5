import type { AlertRow } from '../db/alert-json.js';

const SEVERITY = { critical: 3, warning: 2, info: 1 } as const;

/**
 * pg-boss runs higher priorities first within a queue. Critical before warning before info, and
 * a new alert's first card before any update of a card already in the chat.
 */
export function jobPriority(severity: AlertRow['severity'], job: 'deliver' | 'update'): number {
  return SEVERITY[severity] + (job === 'deliver' ? 10 : 0);
}
