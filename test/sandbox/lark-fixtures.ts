import { pino } from 'pino';
import type { SandboxLarkApp } from '../../src/sandbox/lark/types.js';

export const quiet = pino({ level: 'silent' });

let n = 0;
/** A fresh app per test: unique ids keep any process-wide SDK state from leaking between tests. */
export function testApp(over: Partial<SandboxLarkApp> = {}): SandboxLarkApp {
  n += 1;
  return {
    appId: `cli_${(Date.now() % 1e8).toString(16).padStart(8, '0')}${n.toString(16).padStart(8, '0')}`,
    appSecret: `secret-${n}`,
    events: 'websocket',
    ...over,
  };
}

export const card = (title: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  schema: '2.0',
  config: { update_multi: true },
  header: { template: 'red', title: { tag: 'plain_text', content: title } },
  body: {
    elements: [
      { tag: 'markdown', content: `**${title}**` },
      { tag: 'button', text: { tag: 'plain_text', content: 'Acknowledge' }, behaviors: [{ type: 'callback', value: { action: 'ack', alertId: 42 } }] },
    ],
  },
  ...extra,
});

/** Resolves when `check` holds, polling briefly; fails the test with `what` otherwise. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
