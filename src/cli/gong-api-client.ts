import { hostOf, networkCause } from '../shared/network-cause.js';
import { UserError } from '../shared/user-error.js';

/** A refusal or an unreachable Gong, printed as one line by the CLI's error sink. */
export class GongApiError extends UserError {}

export type GongApiCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; answer: Record<string, unknown> }>;

/**
 * The running Gong's REST API with the admin token, for CLI commands that must go through the
 * server: only it holds the chat channels, and with the embedded database only it may open the data.
 * `unreachable` says what to do when nothing answers at `base`.
 */
export function gongApi(base: string, adminToken: string, unreachable: string): GongApiCall {
  const root = base.replace(/\/$/, '');
  return async (method, path, body) => {
    let response: Response;
    try {
      response = await fetch(`${root}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new GongApiError(`cannot reach Gong at ${root}: ${networkCause(error, hostOf(root)).words}; ${unreachable}`);
    }
    if (response.status === 401) throw new GongApiError(`Gong at ${root} refused the admin token: run the CLI with the server's configuration (--config) and data directory`);
    const answer = response.status === 204 ? {} : ((await response.json().catch(() => ({ error: `HTTP ${response.status}` }))) as Record<string, unknown>);
    return { status: response.status, answer };
  };
}
