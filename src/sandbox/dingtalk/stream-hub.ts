import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Subscription, Ticket } from './gateway.js';
import { isRecord } from './read-json.js';
import type { AckRecord, SandboxState } from './state.js';

export interface StreamHubOptions {
  redeliverAfterMs: number;
  maxRedeliveries: number;
  pingIntervalMs: number;
  disconnectGraceMs: number;
}

interface Connection {
  id: string;
  clientId: string;
  socket: WebSocket;
  subscriptions: Subscription[];
  pingTimer: NodeJS.Timeout;
  /** The opaque of a ping not yet echoed; a second ping finding it set means the client is dead. */
  awaitingPong?: string;
}

interface PendingCallback {
  clientId: string;
  topic: string;
  data: string;
  deliveries: number;
  timer?: NodeJS.Timeout;
  onAck?: (ack: AckRecord) => void;
}

/**
 * The Stream WebSocket side: accepts ticketed connections, sends SYSTEM and CALLBACK frames,
 * records ACKs and redelivers callbacks nobody acknowledged, with the same messageId.
 */
export class StreamHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Map<string, Connection>();
  private readonly pending = new Map<string, PendingCallback>();
  private readonly closeTimers = new Set<NodeJS.Timeout>();
  private roundRobin = 0;
  private acksToDrop = 0;

  constructor(
    private readonly state: SandboxState,
    private readonly options: StreamHubOptions,
  ) {}

  accept(req: IncomingMessage, socket: Duplex, head: Buffer, ticket: Ticket): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection: Connection = {
        id: randomUUID(),
        clientId: ticket.clientId,
        socket: ws,
        subscriptions: ticket.subscriptions,
        pingTimer: setInterval(() => this.ping(connection), this.options.pingIntervalMs),
      };
      this.connections.set(connection.id, connection);
      ws.on('message', (raw) => this.onUpstream(connection, String(raw)));
      // A broken client must cost its own connection only, never crash the server.
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        clearInterval(connection.pingTimer);
        this.connections.delete(connection.id);
      });
    });
  }

  /**
   * Sends a CALLBACK to one connection of the app subscribed to the topic and keeps redelivering
   * it until acknowledged. Throws when no such connection is open, as the platform then fails the
   * user's action instead of queueing it.
   */
  dispatch(clientId: string, topic: string, data: object, onAck?: (ack: AckRecord) => void): string {
    if (this.subscribers(clientId, topic).length === 0) {
      throw new Error(`no Stream connection of app ${clientId} subscribes to CALLBACK ${topic}`);
    }
    const messageId = randomUUID();
    const pending: PendingCallback = { clientId, topic, data: JSON.stringify(data), deliveries: 0 };
    if (onAck) pending.onAck = onAck;
    this.pending.set(messageId, pending);
    this.deliver(messageId, pending);
    return messageId;
  }

  /** Cuts every socket without a goodbye, as a network failure or a platform restart does. */
  dropConnections(): void {
    for (const c of this.connections.values()) c.socket.terminate();
  }

  /** The polite shutdown: SYSTEM `disconnect`, then the server closes the socket after a grace period. */
  disconnect(reason: string): void {
    for (const c of this.connections.values()) {
      this.send(c, 'SYSTEM', 'disconnect', randomUUID(), JSON.stringify({ reason }));
      const timer = setTimeout(() => {
        this.closeTimers.delete(timer);
        c.socket.close();
      }, this.options.disconnectGraceMs);
      this.closeTimers.add(timer);
    }
  }

  /** Ignores the next `count` ACKs, as if they were lost on the way: the callbacks get redelivered. */
  dropNextAcks(count: number): void {
    this.acksToDrop += count;
  }

  connectionCount(clientId?: string): number {
    return [...this.connections.values()].filter((c) => clientId === undefined || c.clientId === clientId).length;
  }

  /** How many times the platform tried to deliver a callback (1 + redeliveries), connected or not. */
  deliveries(messageId: string): number {
    return this.pending.get(messageId)?.deliveries ?? 0;
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    for (const t of this.closeTimers) clearTimeout(t);
    this.dropConnections();
    this.wss.close();
  }

  private subscribers(clientId: string, topic: string): Connection[] {
    return [...this.connections.values()].filter(
      (c) =>
        c.clientId === clientId &&
        c.socket.readyState === c.socket.OPEN &&
        c.subscriptions.some((s) => s.type === 'CALLBACK' && s.topic === topic),
    );
  }

  private deliver(messageId: string, pending: PendingCallback): void {
    const targets = this.subscribers(pending.clientId, pending.topic);
    const target = targets[this.roundRobin++ % Math.max(targets.length, 1)];
    pending.deliveries += 1;
    if (target) this.send(target, 'CALLBACK', pending.topic, messageId, pending.data);
    if (pending.deliveries <= this.options.maxRedeliveries) {
      pending.timer = setTimeout(() => this.deliver(messageId, pending), this.options.redeliverAfterMs);
    }
  }

  private send(c: Connection, type: string, topic: string, messageId: string, data: string): void {
    const frame = {
      specVersion: '1.0',
      type,
      headers: {
        appId: c.clientId,
        connectionId: c.id,
        contentType: 'application/json',
        messageId,
        time: String(this.state.now()),
        topic,
      },
      data,
    };
    c.socket.send(JSON.stringify(frame));
  }

  private ping(c: Connection): void {
    if (c.awaitingPong !== undefined) {
      c.socket.terminate();
      return;
    }
    c.awaitingPong = randomUUID();
    this.send(c, 'SYSTEM', 'ping', randomUUID(), JSON.stringify({ opaque: c.awaitingPong }));
  }

  private onUpstream(c: Connection, raw: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (!isRecord(frame) || !isRecord(frame.headers) || typeof frame.headers.messageId !== 'string') return;
    const data = typeof frame.data === 'string' ? safeParse(frame.data) : undefined;
    if (frame.headers.topic === 'ping') {
      if (isRecord(data) && data.opaque === c.awaitingPong) delete c.awaitingPong;
      return;
    }
    this.recordAck(c, frame.headers.messageId, data);
  }

  private recordAck(c: Connection, messageId: string, data: unknown): void {
    const pending = this.pending.get(messageId);
    if (!pending) return;
    if (this.acksToDrop > 0) {
      this.acksToDrop -= 1;
      return;
    }
    const ack: AckRecord = { messageId, topic: pending.topic, connectionId: c.id, at: this.state.now(), data };
    this.state.acks.push(ack);
    if (pending.timer) clearTimeout(pending.timer);
    delete pending.timer;
    const onAck = pending.onAck;
    delete pending.onAck;
    onAck?.(ack);
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
