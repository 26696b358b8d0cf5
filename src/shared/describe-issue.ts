import type { z } from 'zod';

/** `alerts[0].labels: Invalid input…` — the path a person can find in their payload or file. */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid input';
  const path = issue.path.length
    ? issue.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('')
    : '(body)';
  return `${path}: ${issue.message}`;
}
