import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeFrame, encodeFrame, FRAME_METHOD, frameHeader, type Frame } from './frames.js';
import { parseJson, type Reply, type RequestCtx } from './http.js';
import type { LarkStore } from './store.js';
import type { SandboxLarkApp, WsClientConfig } from './types.js';

const TICKET_TTL_MS = 5 * 60_000;

export interface WsGatewayOptions {
  apps: Map<string, SandboxLarkApp>;
  store: LarkStore;
  now: () => number;
  baseUrl: () => string;
  clientConfig: WsClientConfig;
  ackTimeoutMs: number;
  maxRepushes: number;
  fragmentBytes: number;
}

interface Connection {
  appId: string;
  socket: WebSocket;
  serviceId: number;
}

/** What the app put in its ACK frame: `code` and the decoded `data` (the card callback's answer). */
export interface WsAck {
  code: number;
  data?: unknown;
}

/**
 * The long-connection gateway: `POST /callback/ws/endpoint` hands out a one-time URL, the socket
 * speaks pbbp2 frames — pong for ping, events (fragmented when large) that the app must ACK, and
 * re-push of any event left unacknowledged.
 */
export class WsGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, { appId: string; serviceId: number; expiresAt: number }>();
  private readonly connections = new Set<Connection>();
  private readonly pending = new Map<string, (ack: WsAck) => void>();
  private forcedFragments = 0;
  private nextServiceId = 1;
  private seq = 1;

  constructor(private readonly o: WsGatewayOptions) {}

  /** POST /callback/ws/endpoint with `{AppID, AppSecret}`; bad credentials are a non-zero code the SDK treats as fatal. */
  endpoint = (ctx: RequestCtx): Reply => {
    this.o.store.count('ws.endpoint');
    const body = parseJson(ctx.rawBody);
    const app = typeof body?.AppID === 'string' ? this.o.apps.get(body.AppID) : undefined;
    // The gateway includes `data` even in refusals; the SDK destructures it before reading `code`.
    if (!app || body?.AppSecret !== app.appSecret) return { status: 200, body: { code: 514, msg: 'app id or app secret is invalid', data: {} } };
    const ticket = randomBytes(16).toString('hex');
    const serviceId = this.nextServiceId++;
    this.tickets.set(ticket, { appId: app.appId, serviceId, expiresAt: this.o.now() + TICKET_TTL_MS });
    const deviceId = randomBytes(8).toString('hex');
    const url = `${this.o.baseUrl().replace(/^http/, 'ws')}/ws?device_id=${deviceId}&service_id=${serviceId}&ticket=${ticket}`;
    return { status: 200, body: { code: 0, msg: 'ok', data: { URL: url, ClientConfig: this.o.clientConfig } } };
  };

  /** Node `upgrade` handler for `/ws`; a missing or reused ticket is refused like an expired one. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const ticket = this.tickets.get(url.searchParams.get('ticket') ?? '');
    this.tickets.delete(url.searchParams.get('ticket') ?? '');
    if (url.pathname !== '/ws' || !ticket || ticket.expiresAt < this.o.now()) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, ticket.appId, ticket.serviceId));
  }

  private accept(socket: WebSocket, appId: string, serviceId: number): void {
    const conn: Connection = { appId, socket, serviceId };
    this.connections.add(conn);
    socket.on('message', (data: Buffer) => this.receive(conn, data));
    socket.on('close', () => this.connections.delete(conn));
    socket.on('error', () => this.connections.delete(conn));
    this.o.store.count('ws.connect');
  }

  private receive(conn: Connection, data: Buffer): void {
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch {
      conn.socket.close(1002, 'bad frame');
      return;
    }
    if (frame.method === FRAME_METHOD.control && frameHeader(frame, 'type') === 'ping') {
      this.o.store.count('ws.ping');
      this.send(conn, {
        SeqID: 0,
        LogID: 0,
        service: frame.service,
        method: FRAME_METHOD.control,
        headers: [{ key: 'type', value: 'pong' }],
        payload: Buffer.from(JSON.stringify(this.o.clientConfig)),
      });
      return;
    }
    if (frame.method === FRAME_METHOD.data) {
      const messageId = frameHeader(frame, 'message_id') ?? '';
      this.pending.get(messageId)?.(decodeAck(frame.payload));
    }
  }

  /**
   * Pushes one event to one open connection of the app and waits for its ACK; an event not
   * acknowledged within `timeoutMs` is pushed again (same message_id), up to `maxRepushes` times.
   */
  async push(appId: string, event: Record<string, unknown>, timeoutMs = this.o.ackTimeoutMs): Promise<WsAck> {
    const header = (event.header ?? {}) as Record<string, string>;
    const messageId = randomBytes(12).toString('hex');
    const acked = new Promise<WsAck>((resolve) => this.pending.set(messageId, resolve));
    try {
      for (let attempt = 0; attempt <= this.o.maxRepushes; attempt++) {
        const conn = [...this.connections].find((c) => c.appId === appId && c.socket.readyState === c.socket.OPEN);
        if (conn) this.sendEvent(conn, messageId, Buffer.from(JSON.stringify(event)));
        this.o.store.count(attempt === 0 ? 'ws.push' : 'ws.repush');
        const ack = await raceTimeout(acked, timeoutMs);
        if (ack) {
          this.o.store.addAck({ appId, eventId: header.event_id ?? '', eventType: header.event_type ?? '', code: ack.code, response: ack.data, at: this.o.now() });
          return ack;
        }
      }
      throw new Error(`event ${header.event_id} was not acknowledged after ${this.o.maxRepushes + 1} pushes`);
    } finally {
      this.pending.delete(messageId);
    }
  }

  private sendEvent(conn: Connection, messageId: string, bytes: Buffer): void {
    const parts = this.forcedFragments > 0 ? this.forcedFragments : Math.ceil(bytes.length / this.o.fragmentBytes);
    const sum = Math.max(1, Math.min(parts, bytes.length));
    const size = Math.ceil(bytes.length / sum);
    const traceId = randomBytes(8).toString('hex');
    for (let seq = 0; seq < sum; seq++) {
      this.send(conn, {
        SeqID: this.seq++,
        LogID: this.seq,
        service: conn.serviceId,
        method: FRAME_METHOD.data,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: messageId },
          { key: 'sum', value: String(sum) },
          { key: 'seq', value: String(seq) },
          { key: 'trace_id', value: traceId },
        ],
        payload: bytes.subarray(seq * size, (seq + 1) * size),
      });
    }
  }

  private send(conn: Connection, frame: Frame): void {
    this.o.store.count(frame.method === FRAME_METHOD.data ? 'ws.data_frame' : 'ws.control_frame');
    conn.socket.send(encodeFrame(frame));
  }

  /** Test hook: split every following event into `n` fragments (0 restores size-based splitting). */
  forceFragments(n: number): void {
    this.forcedFragments = n;
  }

  /** Test hook: cut every socket (of one app), as a gateway restart would. */
  dropConnections(appId?: string): void {
    for (const c of this.connections) if (!appId || c.appId === appId) c.socket.terminate();
  }

  openConnections(appId: string): number {
    return [...this.connections].filter((c) => c.appId === appId && c.socket.readyState === c.socket.OPEN).length;
  }

  close(): void {
    for (const c of this.connections) c.socket.terminate();
    this.wss.close();
  }
}

function decodeAck(payload: Uint8Array | undefined): WsAck {
  const body = parseJson(Buffer.from(payload ?? []).toString('utf8'));
  const code = typeof body?.code === 'number' ? body.code : 0;
  if (typeof body?.data !== 'string') return { code };
  return { code, data: parseJson(Buffer.from(body.data, 'base64').toString('utf8')) };
}

/** Resolves with the promise's value, or `undefined` once `ms` pass first. */
async function raceTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
