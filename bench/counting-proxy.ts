import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the platform answered Gong, per kind of call: `send 200/0`, `patch 429/99991400`, `patch 400/230020`… */
export interface CountingProxy {
  readonly url: string;
  counts(): Map<string, number>;
  stop(): Promise<void>;
}

function kindOf(method: string, path: string): string {
  if (method === 'POST' && path === '/open-apis/im/v1/messages') return 'send';
  if (method === 'PATCH' && /^\/open-apis\/im\/v1\/messages\/[^/]+$/.test(path)) return 'patch';
  if (path.startsWith('/open-apis/contact/')) return 'contact';
  if (path.startsWith('/open-apis/auth/')) return 'token';
  if (path.startsWith('/callback/ws/')) return 'ws-endpoint';
  return `${method} ${path}`;
}

/**
 * A plain HTTP proxy in front of the local Lark server that counts the answers by HTTP status and
 * platform `code`, so a benchmark can say how many throttle answers (429 / 230020) Gong received.
 * The long connection's WebSocket goes to the server directly (its URL comes from the server).
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const counts = new Map<string, number>();
  const base = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://proxy').pathname;
      const upstream = request(
        { agent, host: base.hostname, port: base.port, method: req.method, path: req.url, headers: { ...req.headers, host: base.host } },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (c: Buffer) => body.push(c));
          answer.on('end', () => {
            const raw = Buffer.concat(body);
            let code = '-';
            try {
              const parsed = JSON.parse(raw.toString('utf8')) as { code?: unknown };
              if (typeof parsed.code === 'number') code = String(parsed.code);
            } catch {
              // not JSON
            }
            const key = `${kindOf(req.method ?? 'GET', path)} ${answer.statusCode}/${code}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(raw);
          });
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => counts,
    async stop() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
