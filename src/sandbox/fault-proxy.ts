import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * - `500`, `429`: answered by the proxy, the platform never sees the call (429 carries a reset).
 * - `timeout`: the call hangs, then the connection drops before reaching the platform.
 * - `lost`: the platform takes the call, but its answer never comes back: the case idempotency
 *   keys exist for.
 */
export type FaultKind = '500' | '429' | 'timeout' | 'lost';

export interface FaultProxyOptions {
  /** The platform (sandbox) base URL the proxy forwards to. */
  target: string;
  /** Share of matching calls that fail, 0..1. */
  rate: number;
  kinds: FaultKind[];
  /** Only calls whose path matches fail (token calls, say, are left alone). */
  paths?: RegExp;
  random?: () => number;
}

export interface FaultProxy {
  readonly url: string;
  /** Calls answered by the platform itself, and how many of those were throttle refusals. */
  readonly stats: { forwarded: number; injected: number; throttled: number };
  stop(): Promise<void>;
}

const THROTTLE_CODES = new Set([99991400, 230020, 11232, 130101, 410100, 660026, 45009]);
const HANG_MS = 200;

/** A fault-injecting HTTP proxy in front of a local platform server, for fault tests and the storm bench. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = options.random ?? Math.random;
  const target = new URL(options.target);
  const stats = { forwarded: 0, injected: 0, throttled: 0 };

  const server = createServer(async (req, res) => {
    const body = await readAll(req);
    const matches = !options.paths || options.paths.test(req.url ?? '');
    const fault = matches && random() < options.rate ? options.kinds[Math.floor(random() * options.kinds.length)] : undefined;
    if (fault) stats.injected++;
    if (fault === '500') return answer(res, 500, { code: 1, msg: 'injected 500' });
    if (fault === '429') return answer(res, 429, { code: 99991400, msg: 'injected 429' }, { 'x-ogw-ratelimit-reset': '1' });
    if (fault === 'timeout') return void setTimeout(() => res.socket?.destroy(), HANG_MS);
    const upstream = await forward(target, req, body).catch(() => undefined);
    if (!upstream) return void res.socket?.destroy();
    stats.forwarded++;
    if (isThrottle(upstream.status, upstream.body)) stats.throttled++;
    if (fault === 'lost') return void res.socket?.destroy();
    res.writeHead(upstream.status, upstream.headers);
    res.end(upstream.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function isThrottle(status: number, body: Buffer): boolean {
  if (status === 429) return true;
  try {
    const json = JSON.parse(body.toString('utf8')) as { code?: unknown; errcode?: unknown };
    return THROTTLE_CODES.has(Number(json.code ?? json.errcode));
  } catch {
    return false;
  }
}

function answer(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (res) => {
        readAll(res).then((data) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: data }), reject);
      },
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}
