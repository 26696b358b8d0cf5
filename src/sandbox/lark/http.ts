import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a sandbox route answers; the server writes it. Keeps handlers free of stream plumbing. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RequestCtx {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** The app whose tenant_access_token authorised the call (set by the auth gate). */
  appId: string;
}

export type Handler = (ctx: RequestCtx) => Reply | Promise<Reply>;

export const ok = (data: unknown = {}, msg = 'success'): Reply => ({ status: 200, body: { code: 0, msg, data } });

/** The platform's error shape: a business `code` and an HTTP status that is often still 200. */
export const fail = (status: number, code: number, msg: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { code, msg, error: {} },
  ...(headers && { headers }),
});

/** Parses a JSON request body; `undefined` when it is not JSON (the caller answers with its own code). */
export function parseJson(raw: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function writeReply(res: ServerResponse, r: Reply): void {
  const body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', ...r.headers });
  res.end(body);
}

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

/** Method + `/a/:b/c` path matching; enough for the dozen endpoints the sandbox serves. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, parts: pattern.split('/'), handler });
    return this;
  }

  /** The matching handler, its path params and its counter name (`METHOD /pattern`). */
  match(method: string, path: string): { handler: Handler; params: Record<string, string>; name: string } | undefined {
    const parts = path.split('/');
    for (const r of this.routes) {
      if (r.method !== method || r.parts.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const hit = r.parts.every((p, i) => {
        const actual = parts[i] ?? '';
        if (p.startsWith(':')) {
          params[p.slice(1)] = decodeURIComponent(actual);
          return actual.length > 0;
        }
        return p === actual;
      });
      if (hit) return { handler: r.handler, params, name: `${r.method} ${r.parts.join('/')}` };
    }
    return undefined;
  }
}
