import type { AlertChannel } from '../platforms/channel.js';
import { maskWebhook } from './chat-json.js';

/** The outcome of the last message Gong sent to a chat, for the console and the API. */
export interface DeliveryStatus {
  ok: boolean;
  at: string;
  /** The platform's error, when it refused or could not be reached. */
  error?: string;
}

/** Remembers each chat's last delivery outcome (per instance: a restart starts afresh). */
export class DeliveryStatuses {
  private readonly last = new Map<string, DeliveryStatus>();

  get(chat: string): DeliveryStatus | undefined {
    return this.last.get(chat);
  }

  record(chat: string, error?: unknown): void {
    this.last.set(chat, { ok: error === undefined, at: new Date().toISOString(), ...(error !== undefined && { error: describe(error) }) });
  }

  forget(chat: string): void {
    this.last.delete(chat);
  }

  /**
   * The same channel, with every send's outcome recorded; errors still reach the caller. Every
   * method the channel has is passed on (optional ones only where it has them).
   */
  watch(channel: AlertChannel): AlertChannel {
    const track = async <T>(send: () => Promise<T>): Promise<T> => {
      try {
        const result = await send();
        this.record(channel.chat);
        return result;
      } catch (error) {
        this.record(channel.chat, error);
        throw error;
      }
    };
    return {
      chat: channel.chat,
      kind: channel.kind,
      postAlert: (view, key) => track(() => channel.postAlert(view, key)),
      updateAlert: (ref, view) => track(() => channel.updateAlert(ref, view)),
      postNotice: (notice, key) => track(() => channel.postNotice(notice, key)),
      ...(channel.urgent && { urgent: (ref, kind, people) => track(() => channel.urgent!(ref, kind, people)) }),
    };
  }
}

/** The platform's code and message; a URL in it is masked, since webhook URLs hold tokens. */
function describe(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const raw = typeof message === 'string' ? message : String(error);
  const text = raw.replace(/https?:\/\/[^\s"'<>]+/g, (url) => {
    try {
      return maskWebhook(url);
    } catch {
      return '•••';
    }
  });
  return code !== undefined && !text.includes(String(code)) ? `${String(code)}: ${text}` : text;
}
