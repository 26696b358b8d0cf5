import { DWClient, type DWClientDownStream } from 'dingtalk-stream';
import type WebSocket from 'ws';
import type { Logger } from 'pino';
import { answerClick, takeCommand } from '../ack.js';
import { Dedupe } from '../dedupe.js';
import {
  decodeCardAction,
  decodeRobotMessage,
  TOPIC_CARD_CALLBACK,
  TOPIC_ROBOT_MESSAGE,
  type CardActionEvent,
  type CardCallbackResponse,
  type RobotMessageEvent,
} from './stream-events.js';

export type StreamState =
  | { status: 'connecting' }
  | { status: 'connected' }
  | { status: 'reconnecting'; attempt: number; delayMs: number; lastError: string }
  | { status: 'auth_failed'; reason: string }
  | { status: 'stopped' };

export interface StreamClientOptions {
  clientId: string;
  clientSecret: string;
  /** `https://api.dingtalk.com` unless testing or behind a proxy; the gateway is under it. */
  apiBase?: string;
  logger: Logger;
  fetch?: typeof fetch;
  /** First reconnect delay; doubles per failed attempt up to `maxDelayMs`, with jitter. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A connection that lived this long was healthy: the next reconnect starts from `initialDelayMs` again. */
  stableAfterMs?: number;
  random?: () => number;
  /** WebSocket ping/pong every 8 s to notice a dead link that never closes. */
  keepAlive?: boolean;
}

/** Fields of DWClient that TypeScript calls private but a subclass must reach (see client.mjs). */
interface SdkInternals {
  dw_url?: string;
  socket?: WebSocket;
  heartbeatIntervallId?: NodeJS.Timeout;
}

class GatewayAuthError extends Error {}

/**
 * The real `dingtalk-stream` client, pointed at a configurable gateway and supervised by us:
 * the SDK's own reconnect (fixed 1 s, double-scheduled, alive after disconnect()) is switched off
 * and replaced by exponential back-off with jitter that stops for good on stop() or bad credentials.
 */
export class DingTalkStreamClient extends DWClient {
  private readonly apiBase: string;
  private readonly log: Logger;
  private readonly fetchImpl: typeof fetch;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly stableAfterMs: number;
  private readonly random: () => number;
  /** Card callbacks dedupe on the Stream messageId, robot messages on msgId. */
  private readonly cardCallbacks = new Dedupe();
  private readonly robotMessages = new Dedupe();
  private cardHandler: ((e: CardActionEvent) => Promise<CardCallbackResponse>) | undefined;
  private messageHandler: ((e: RobotMessageEvent) => Promise<void>) | undefined;
  private current: StreamState = { status: 'stopped' };
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private connectedAt = 0;
  private running = false;

  constructor(options: StreamClientOptions) {
    super({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ua: 'gong',
      keepAlive: options.keepAlive ?? true,
    });
    this.config.autoReconnect = false;
    // Only the two callbacks Gong handles; the SDK's default EVENT '*' would subscribe to every event.
    this.config.subscriptions.length = 0;
    this.registerCallbackListener(TOPIC_CARD_CALLBACK, (down) => void this.onCardCallback(down));
    this.registerCallbackListener(TOPIC_ROBOT_MESSAGE, (down) => this.onRobotMessage(down));
    this.apiBase = (options.apiBase ?? 'https://api.dingtalk.com').replace(/\/+$/, '');
    this.log = options.logger;
    this.fetchImpl = options.fetch ?? fetch;
    this.initialDelayMs = options.initialDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.stableAfterMs = options.stableAfterMs ?? 30_000;
    this.random = options.random ?? Math.random;
  }

  get state(): StreamState {
    return this.current;
  }

  onStateChange(listener: (state: StreamState) => void): () => void {
    this.on('state', listener);
    return () => this.off('state', listener);
  }

  /** The answer becomes the callback response, so it should come well inside DingTalk's 2 s. */
  onCardAction(handler: (e: CardActionEvent) => Promise<CardCallbackResponse>): void {
    this.cardHandler = handler;
  }

  /** Messages are acknowledged before the handler runs (the ack rule, `ack.ts`): replies go through the sessionWebhook. */
  onMessage(handler: (e: RobotMessageEvent) => Promise<void>): void {
    this.messageHandler = handler;
  }

  /** Starts connecting; resolves after the first attempt, whatever came of it (see `state`). */
  override async connect(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.setState({ status: 'connecting' });
    await this.tryConnect();
  }

  /** Closes the connection and cancels any pending reconnect; nothing reconnects afterwards. */
  stop(): void {
    this.running = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.internals.socket) super.disconnect();
    this.setState({ status: 'stopped' });
  }

  override disconnect(): void {
    this.stop();
  }

  /** Same request as the SDK's, against `${apiBase}` instead of its hard-coded host. */
  override async getEndpoint(): Promise<this> {
    const res = await this.fetchImpl(`${this.apiBase}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as { endpoint?: unknown; ticket?: unknown; code?: unknown; message?: unknown };
    if (res.status === 401 || res.status === 403 || body.code === 'authFailed') {
      throw new GatewayAuthError(`gateway refused the credentials: HTTP ${res.status} ${String(body.code ?? '')}`.trim());
    }
    if (!res.ok || typeof body.endpoint !== 'string' || typeof body.ticket !== 'string') {
      throw new Error(`gateway answered HTTP ${res.status} ${String(body.code ?? 'without endpoint and ticket')}`);
    }
    this.internals.dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  private get internals(): SdkInternals {
    return this as unknown as SdkInternals;
  }

  private setState(state: StreamState): void {
    this.current = state;
    this.emit('state', state);
  }

  private async tryConnect(): Promise<void> {
    this.retryTimer = undefined;
    try {
      await this.getEndpoint();
      if (!this.running) return;
      await this._connect();
    } catch (err) {
      if (!this.running) return;
      if (err instanceof GatewayAuthError) {
        this.running = false;
        this.log.error({ reason: err.message }, 'DingTalk Stream: credentials refused, not retrying');
        this.setState({ status: 'auth_failed', reason: err.message });
        return;
      }
      this.scheduleReconnect(err instanceof Error ? err.message : String(err));
      return;
    }
    const socket = this.internals.socket;
    if (!this.running) {
      super.disconnect();
      return;
    }
    this.connectedAt = Date.now();
    socket?.once('close', () => this.onSocketClosed(socket));
    this.setState({ status: 'connected' });
  }

  private onSocketClosed(socket: WebSocket): void {
    // The SDK starts a new keep-alive interval per connection but clears it only in disconnect().
    clearInterval(this.internals.heartbeatIntervallId);
    if (!this.running || socket !== this.internals.socket) return;
    if (Date.now() - this.connectedAt >= this.stableAfterMs) this.attempt = 0;
    this.scheduleReconnect('socket closed');
  }

  private scheduleReconnect(lastError: string): void {
    if (this.retryTimer !== undefined) return;
    const ceiling = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** this.attempt);
    // Equal jitter: never sooner than half the ceiling, so a fleet restarting together spreads out.
    const delayMs = Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    this.attempt += 1;
    this.log.warn({ attempt: this.attempt, delayMs, lastError }, 'DingTalk Stream: reconnecting');
    this.setState({ status: 'reconnecting', attempt: this.attempt, delayMs, lastError });
    this.retryTimer = setTimeout(() => void this.tryConnect(), delayMs);
  }

  private async onCardCallback(down: DWClientDownStream): Promise<void> {
    const messageId = down.headers.messageId;
    const handler = this.cardHandler;
    let event: CardActionEvent;
    try {
      event = decodeCardAction(down);
    } catch (err) {
      // A malformed callback will not improve on redelivery: acknowledge it with no card change.
      this.log.warn({ err, messageId }, 'DingTalk Stream: malformed card callback');
      this.socketCallBackResponse(messageId, {});
      return;
    }
    if (!handler) {
      this.log.warn({ messageId }, 'DingTalk Stream: card callback with no handler');
      this.socketCallBackResponse(messageId, {});
      return;
    }
    const { result, duplicate } = answerClick(this.cardCallbacks, messageId, () => handler(event));
    try {
      const response = await result;
      if (duplicate) this.log.info({ messageId }, 'DingTalk Stream: redelivered card callback answered again');
      this.socketCallBackResponse(messageId, response);
    } catch (err) {
      // No ACK: DingTalk redelivers, and the forgotten failure lets that redelivery run again.
      if (!duplicate) this.log.error({ err, messageId }, 'DingTalk Stream: card action handler failed');
    }
  }

  private onRobotMessage(down: DWClientDownStream): void {
    const messageId = down.headers.messageId;
    // Ack first (`ack.ts`): the reply goes through the sessionWebhook, not the callback response.
    this.socketCallBackResponse(messageId, {});
    let event: RobotMessageEvent;
    try {
      event = decodeRobotMessage(down);
    } catch (err) {
      this.log.warn({ err, messageId }, 'DingTalk Stream: malformed robot message');
      return;
    }
    const handler = this.messageHandler;
    if (!handler) {
      this.log.warn({ messageId }, 'DingTalk Stream: robot message with no handler');
      return;
    }
    takeCommand(this.robotMessages, event.msgId, () => handler(event), this.log);
  }
}
