import type { SourceConfig } from '../config/schema.js';
import { describeDeliveryError } from '../shared/describe-error.js';
import { hostOf, networkCause } from '../shared/network-cause.js';

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
    throw new AlertmanagerError(`could not reach Alertmanager: ${networkCause(error, hostOf(source.alertmanagerUrl ?? '')).words}`);
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
 * Makes `id` (when given) the silence asked for: left alone when it already is, else updated in
 * place (an active silence keeps its start, or Alertmanager replaces it by a new one under a new
 * id). A silence Alertmanager no longer has active (expired, its data lost, collected) is created
 * anew. Returns the silence's id.
 */
export async function writeSilence(source: AlertmanagerSource, silence: SilenceRequest, id: string | undefined, fetcher?: typeof fetch): Promise<string> {
  const matchers = Object.entries(silence.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
  const current = id ? await readSilence(source, id, fetcher) : null;
  const active = current?.status?.state === 'active' ? current : null;
  if (active && Date.parse(active.endsAt ?? '') === silence.endsAt.getTime() && sameMatchers(active.matchers, matchers)) return id!;
  const { json } = await callAlertmanager(
    source,
    '/api/v2/silences',
    {
      method: 'POST',
      body: {
        ...(active && { id }),
        matchers,
        startsAt: active?.startsAt ?? silence.startsAt.toISOString(),
        endsAt: silence.endsAt.toISOString(),
        createdBy: 'gong',
        comment: silence.comment,
      },
    },
    fetcher,
  );
  const silenceID = (json as { silenceID?: unknown } | null)?.silenceID;
  if (typeof silenceID !== 'string') throw new AlertmanagerError('Alertmanager answered without a silenceID');
  return silenceID;
}

interface StoredSilence {
  status?: { state?: string };
  startsAt?: string;
  endsAt?: string;
  matchers?: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
}

/** The silence as Alertmanager holds it; null when it knows no such id. */
async function readSilence(source: AlertmanagerSource, id: string, fetcher?: typeof fetch): Promise<StoredSilence | null> {
  const { status, json } = await callAlertmanager(source, `/api/v2/silence/${encodeURIComponent(id)}`, { okStatuses: [404, 500] }, fetcher);
  if (status === 200) return json as StoredSilence;
  if (isUnknownSilence(status, json)) return null;
  throw new AlertmanagerError(describeDeliveryError(`Alertmanager answered HTTP ${status}: ${JSON.stringify(json).slice(0, 200)}`));
}

/** Alertmanager before 0.27 answers an unknown silence id with 500 "silence not found", later ones with 404. */
function isUnknownSilence(status: number, json: unknown): boolean {
  return status === 404 || (status === 500 && json === 'silence not found');
}

function sameMatchers(theirs: StoredSilence['matchers'], ours: NonNullable<StoredSilence['matchers']>): boolean {
  const key = (matcher: NonNullable<StoredSilence['matchers']>[number]) => JSON.stringify([matcher.name, matcher.value, matcher.isRegex, matcher.isEqual ?? true]);
  const wanted = new Set(ours.map(key));
  return theirs?.length === ours.length && theirs.every((matcher) => wanted.has(key(matcher)));
}

/** Expires the silence; one already expired or unknown is fine, that is what was wanted. */
export async function expireSilence(source: AlertmanagerSource, id: string, fetcher?: typeof fetch): Promise<void> {
  const { status, json } = await callAlertmanager(source, `/api/v2/silence/${encodeURIComponent(id)}`, { method: 'DELETE', okStatuses: [404, 500] }, fetcher);
  if (status === 500 && !isUnknownSilence(status, json)) {
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
