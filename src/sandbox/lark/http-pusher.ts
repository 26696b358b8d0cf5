import { randomBytes } from 'node:crypto';
import { encryptEvent, signEvent } from './event-crypto.js';
import type { LarkStore } from './store.js';
import type { SandboxLarkApp } from './types.js';

export interface PushAnswer {
  status: number;
  body: unknown;
}

/**
 * Event-subscription mode: POSTs events to the app's request URL the way Lark does — encrypted
 * when the app has an Encrypt Key, signed with X-Lark-Signature — and pushes again when the app
 * does not answer 200 in time.
 */
export class HttpPusher {
  constructor(
    private readonly store: LarkStore,
    private readonly now: () => number,
    private readonly ackTimeoutMs: number,
    private readonly maxRepushes: number,
  ) {}

  async push(app: SandboxLarkApp, event: Record<string, unknown>, timeoutMs = this.ackTimeoutMs): Promise<PushAnswer> {
    const header = (event.header ?? {}) as Record<string, string>;
    let last: PushAnswer | undefined;
    for (let attempt = 0; attempt <= this.maxRepushes; attempt++) {
      this.store.count(attempt === 0 ? 'http.push' : 'http.repush');
      last = await this.post(app, event, timeoutMs).catch(() => undefined);
      if (last?.status === 200) {
        this.store.addAck({ appId: app.appId, eventId: header.event_id ?? '', eventType: header.event_type ?? '', code: 200, response: last.body, at: this.now() });
        return last;
      }
    }
    throw new Error(`event ${header.event_id} was not accepted after ${this.maxRepushes + 1} pushes (last status ${last?.status ?? 'none'})`);
  }

  /** The url_verification handshake the console runs when a request URL is saved. */
  async verifyUrl(app: SandboxLarkApp): Promise<boolean> {
    const challenge = randomBytes(12).toString('hex');
    const answer = await this.post(app, { challenge, token: app.verificationToken ?? '', type: 'url_verification' });
    const body = answer.body as { challenge?: unknown } | undefined;
    return answer.status === 200 && body?.challenge === challenge;
  }

  private async post(app: SandboxLarkApp, payload: Record<string, unknown>, timeoutMs = this.ackTimeoutMs): Promise<PushAnswer> {
    if (!app.eventUrl) throw new Error(`app ${app.appId} has no eventUrl`);
    const json = JSON.stringify(payload);
    const body = app.encryptKey ? JSON.stringify({ encrypt: encryptEvent(app.encryptKey, json) }) : json;
    const timestamp = String(Math.floor(this.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
    };
    if (app.encryptKey) headers['x-lark-signature'] = signEvent(timestamp, nonce, app.encryptKey, body);
    const res = await fetch(app.eventUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // A non-JSON answer is kept as text so the test hook can show what the app said.
    }
    return { status: res.status, body: parsed };
  }
}
