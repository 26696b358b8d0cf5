import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** What one kind of connection (by its `application_name`) sent the database. */
export interface PgTraffic {
  /** Statements run: extended-protocol Executes plus simple Queries. */
  statements: number;
  /**
   * Writes of the client that end in a wait for the database (they hold a Sync, a Flush or a simple Query):
   * statements pipelined into one write cost one round trip. Two writes the proxy reads as one
   * chunk count once, so under load this can undercount a little.
   */
  roundTrips: number;
}

export interface PgCountingProxy {
  /** The database URL to give Gong: the same server, user and database, through this proxy. */
  url(databaseUrl: string): string;
  /** Traffic so far by application name (`gong` is Gong's own pool; pg-boss's pool is `pgboss`). */
  counts(): Map<string, PgTraffic>;
  stop(): Promise<void>;
}

/**
 * A TCP proxy in front of PostgreSQL that reads the frontend protocol of every connection and
 * counts statements and round trips by application name, so a benchmark can say what a click
 * costs the database without changing Gong. Plain (non-TLS) connections only, as the benches use.
 */
export async function startPgCountingProxy(databaseUrl: string): Promise<PgCountingProxy> {
  const target = new URL(databaseUrl);
  const counts = new Map<string, PgTraffic>();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    let traffic: PgTraffic | undefined;
    let started = false;
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let offset = 0;
      let waits = false;
      while (pending.length - offset >= (started ? 5 : 8)) {
        if (!started) {
          const length = pending.readInt32BE(offset);
          if (pending.length - offset < length) break;
          const code = pending.readInt32BE(offset + 4);
          // SSLRequest / GSSENCRequest: answered 'N' by the server, then the real startup follows.
          if (code !== 80877103 && code !== 80877104) {
            const fields = pending.subarray(offset + 8, offset + length).toString('utf8').split('\0');
            const at = fields.indexOf('application_name');
            const name = at >= 0 ? fields[at + 1] || '(none)' : '(none)';
            traffic = counts.get(name) ?? { statements: 0, roundTrips: 0 };
            counts.set(name, traffic);
            started = true;
          }
          offset += length;
          continue;
        }
        const type = String.fromCharCode(pending[offset]!);
        const length = pending.readInt32BE(offset + 1);
        if (pending.length - offset < length + 1) break;
        if (traffic) {
          if (type === 'E' || type === 'Q') traffic.statements += 1;
          if (type === 'S' || type === 'Q' || type === 'H') waits = true;
        }
        offset += length + 1;
      }
      if (waits && traffic) traffic.roundTrips += 1;
      pending = pending.subarray(offset);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url(url) {
      const through = new URL(url);
      through.hostname = '127.0.0.1';
      through.port = String(port);
      return through.toString();
    },
    counts: () => new Map([...counts].map(([name, t]) => [name, { ...t }])),
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `after - before` per application name. */
export function trafficSince(before: Map<string, PgTraffic>, after: Map<string, PgTraffic>): Map<string, PgTraffic> {
  const diff = new Map<string, PgTraffic>();
  for (const [name, t] of after) {
    const b = before.get(name) ?? { statements: 0, roundTrips: 0 };
    diff.set(name, { statements: t.statements - b.statements, roundTrips: t.roundTrips - b.roundTrips });
  }
  return diff;
}
