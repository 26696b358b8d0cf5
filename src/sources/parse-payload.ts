import type { z } from 'zod';
import { describeIssue } from '../shared/describe-issue.js';
import { alertmanagerPayload, parseAlertmanager } from './alertmanager.js';
import { genericPayload, genericSingle, parseGeneric } from './generic.js';
import { grafanaPayload, parseGrafana } from './grafana.js';
import type { NormalizedAlert, SourceType } from './normalized-alert.js';

export type ParseResult = { ok: true; alerts: NormalizedAlert[] } | { ok: false; error: string };

/** Turns a webhook body into alerts, or a message naming the first bad field. */
export function parsePayload(type: SourceType, body: unknown, now = new Date()): ParseResult {
  switch (type) {
    case 'alertmanager':
      return run(alertmanagerPayload, body, (p) => parseAlertmanager(p, now));
    case 'grafana':
      return run(grafanaPayload, body, (p) => parseGrafana(p, now));
    case 'generic':
      return Array.isArray(body)
        ? run(genericPayload, body, (p) => parseGeneric(p, now))
        : run(genericSingle, body, (p) => parseGeneric([p], now));
  }
}

function run<S extends z.ZodType>(
  schema: S,
  body: unknown,
  convert: (payload: z.infer<S>) => NormalizedAlert[],
): ParseResult {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, alerts: convert(result.data) };
  return { ok: false, error: describeIssue(result.error.issues[0]) };
}
