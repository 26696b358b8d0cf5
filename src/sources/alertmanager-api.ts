import type { SourceConfig } from '../config/schema.js';
import { describeDeliveryError } from '../shared/describe-error.js';

/** What Gong needs of a source to call its Alertmanager: the plain URL and the header from the config. */
export type AlertmanagerSource = Pick<SourceConfig, 'name' | 'alertmanagerUrl' | 'alertmanagerAuthorization'>;

/** A failed call, worded for people: the status or network cause, never a URL's secrets. */
export class AlertmanagerError extends Error {
  override readonly name = 'AlertmanagerError';
}

const TIMEOUT_MS = 10_000;

/**
 * One call to the source's Alertmanager v2 API with its credentials as a header. Any failure
 * (unreachable, refused, an answer other than 2xx or `okStatuses`) throws an AlertmanagerError.
 */
export async function callAlertmanager(
  source: AlertmanagerSource,
  path: string,
  init: { method?: string; body?: unknown; okStatuses?: number[] } = {},
  fetcher: typeof fetch = fetch,
): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await fetcher(`${source.alertmanagerUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...(source.alertmanagerAuthorization && { authorization: source.alertmanagerAuthorization }),
      },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    throw new AlertmanagerError(`could not reach Alertmanager: ${describeDeliveryError(cause ?? error)}`);
  }
  const text = await response.text();
  if (!response.ok && !init.okStatuses?.includes(response.status)) {
    const said = text.trim().slice(0, 200);
    throw new AlertmanagerError(describeDeliveryError(`Alertmanager answered HTTP ${response.status}${said ? `: ${said}` : ''}`));
  }
  return { status: response.status, json: text ? safeJson(text) : null };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A silence as Gong writes it: equality matchers on every label given. */
export interface SilenceRequest {
  labels: Record<string, string>;
  startsAt: Date;
  endsAt: Date;
  comment: string;
}

/**
 * Creates the silence, or updates `id` in place (Alertmanager may answer with a new id, which
 * replaces it). An id Alertmanager no longer knows (its data lost, or collected) is created anew.
 */
export async function writeSilence(source: AlertmanagerSource, silence: SilenceRequest, id: string | undefined, fetcher?: typeof fetch): Promise<string> {
  const { status, json } = await callAlertmanager(
    source,
    '/api/v2/silences',
    {
      method: 'POST',
      body: {
        ...(id && { id }),
        matchers: Object.entries(silence.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
        startsAt: silence.startsAt.toISOString(),
        endsAt: silence.endsAt.toISOString(),
        createdBy: 'gong',
        comment: silence.comment,
      },
      okStatuses: id ? [404] : [],
    },
    fetcher,
  );
  if (status === 404) return writeSilence(source, silence, undefined, fetcher);
  const silenceID = (json as { silenceID?: unknown } | null)?.silenceID;
  if (typeof silenceID !== 'string') throw new AlertmanagerError('Alertmanager answered without a silenceID');
  return silenceID;
}

/** Expires the silence; one already expired or unknown is fine, that is what was wanted. */
export async function expireSilence(source: AlertmanagerSource, id: string, fetcher?: typeof fetch): Promise<void> {
  const { status, json } = await callAlertmanager(source, `/api/v2/silence/${encodeURIComponent(id)}`, { method: 'DELETE', okStatuses: [404, 500] }, fetcher);
  // Alertmanager before 0.27 answers an unknown id with 500 "silence not found"; any other 500 is a failure.
  if (status === 500 && json !== 'silence not found') {
    throw new AlertmanagerError(describeDeliveryError(`Alertmanager answered HTTP 500: ${JSON.stringify(json).slice(0, 200)}`));
  }
}

/** The alerts Alertmanager holds (silenced and inhibited ones too) that carry all these labels. */
export async function listAlerts(source: AlertmanagerSource, labels: Record<string, string>, fetcher?: typeof fetch): Promise<unknown[]> {
  const filters = Object.entries(labels)
    .filter(([name]) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name))
    .map(([name, value]) => `filter=${encodeURIComponent(`${name}="${quoteMatcherValue(value)}"`)}`);
  const { json } = await callAlertmanager(source, `/api/v2/alerts${filters.length > 0 ? `?${filters.join('&')}` : ''}`, {}, fetcher);
  return Array.isArray(json) ? json : [];
}

/** A matcher value in double quotes, as Alertmanager's filter parser reads it back. */
function quoteMatcherValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
