import { maskUrlsIn } from './mask-secrets.js';

/**
 * Why a request got no answer at all. A platform error carries it as its `code`, so the chat's
 * status says "dns" or "refused" instead of a bare "network error".
 */
export type NetworkCause = 'timeout' | 'dns' | 'refused' | 'reset' | 'tls' | 'network';

/** What each cause says in a message, about the host:port when it is known. */
const WORDS: Record<NetworkCause, [string, string]> = {
  timeout: ['timed out', 'timed out waiting for'],
  dns: ['DNS name not found', 'DNS name not found:'],
  refused: ['connection refused', 'connection refused by'],
  reset: ['connection reset', 'connection reset by'],
  tls: ['TLS certificate problem', 'TLS certificate problem with'],
  network: ['network failure', 'network failure reaching'],
};

/** Node (ENOTFOUND…), undici (UND_ERR_…) and axios (ECONNABORTED) codes by cause. */
const CODES: [RegExp, NetworkCause][] = [
  [/^(ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT|UND_ERR_(CONNECT|HEADERS|BODY)_TIMEOUT)$/, 'timeout'],
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/, 'dns'],
  [/^ECONNREFUSED$/, 'refused'],
  [/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/, 'reset'],
  [/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_(GET|VERIFY)_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_CERT)/, 'tls'],
];

interface Found {
  code: NetworkCause;
  /** The error's own code (`ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`). */
  detail?: string;
}

/**
 * The cause of a request that threw (fetch, axios, node:http), in words: found on the error or
 * the errors it wraps (`fetch failed` hides the socket's error in `cause`; a failed connection to
 * several addresses in `errors`), with the host:port it concerns when the error says (`where`,
 * else the socket's address) and the error's own code. Never a URL's path or query, which may hold
 * a key. Anything unrecognised is `network`.
 *
 * `connection refused by 127.0.0.1:9 (ECONNREFUSED)`, `DNS name not found: gong.invalid (ENOTFOUND)`.
 */
export function networkCause(error: unknown, where?: string): { code: NetworkCause; words: string } {
  const seen = new Set<unknown>();
  let place: string | undefined;
  let firstCode: string | undefined;
  // The innermost words, for a failure no code explains (undici's "bad port").
  let innermost: string | undefined;
  const visit = (e: unknown): Found | undefined => {
    if (typeof e !== 'object' || e === null || seen.has(e)) return undefined;
    seen.add(e);
    const { name, code, cause, errors, address, port, hostname, host } = e as Record<string, unknown>;
    const at = typeof hostname === 'string' ? hostname : typeof address === 'string' ? address : typeof host === 'string' ? host : undefined;
    if (at && !place) place = typeof port === 'number' || typeof port === 'string' ? `${at.includes(':') ? `[${at}]` : at}:${String(port)}` : at;
    if (name === 'TimeoutError' || name === 'AbortError') return { code: 'timeout' };
    if (typeof code === 'string' && !firstCode) firstCode = code;
    const { message } = e as { message?: unknown };
    if (typeof message === 'string' && message && message !== 'fetch failed') innermost = message;
    const byCode = typeof code === 'string' ? CODES.find(([pattern]) => pattern.test(code))?.[1] : undefined;
    for (const inner of [cause, ...(Array.isArray(errors) ? errors : [])]) {
      const found = visit(inner);
      if (found && (!byCode || found.code === byCode)) return found;
    }
    if (byCode) return { code: byCode, detail: code as string };
    return undefined;
  };
  const found = visit(error) ?? { code: 'network' as const, ...((firstCode ?? innermost) && { detail: maskUrlsIn(firstCode ?? innermost!).slice(0, 200) }) };
  const target = where ?? place;
  const [alone, about] = WORDS[found.code];
  const phrase = target ? `${about} ${target}` : alone;
  return { code: found.code, words: found.detail ? `${phrase} (${found.detail})` : phrase };
}

/** The host:port of a URL, for `networkCause`'s `where`: never its path or query, which can hold a key. */
export function hostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname.includes(':') ? `[${parsed.hostname}]` : parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return undefined;
  }
}
