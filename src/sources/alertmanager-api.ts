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
