import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from '@koa/router';
import Koa from 'koa';
import { RateWindow } from '../dingtalk/rate-window.js';
import { readJson } from '../dingtalk/read-json.js';
import { checkMessage, type RobotResult } from './message-checks.js';

export interface WeComRobotMessage {
  at: number;
  msgtype: string;
  body: Record<string, unknown>;
  /** userids and mobiles the group sees @-mentioned. */
  mentioned: string[];
}

export interface WeComChange {
  key: string;
  message: WeComRobotMessage;
}

export interface WeComServerOptions {
  /** The robots' keys; any other key is answered 93000, as a removed robot is. */
  robots?: Array<{ key: string; name?: string }>;
  /** The robot's clock (its 20-a-minute window), injectable so tests move time. */
  now?: () => number;
  host?: string;
  port?: number;
}

export interface WeComServerHandle {
  /** `http://127.0.0.1:PORT`; robots live at `/cgi-bin/webhook/send?key=…`. */
  readonly url: string;
  webhook(key: string): string;
  addRobot(robot: { key: string; name?: string }): void;
  robots(): ReadonlyArray<{ key: string; name: string }>;
  /** Accepted messages of one robot, oldest first. */
  messages(key: string): readonly WeComRobotMessage[];
  /** Every answer with a non-zero errcode, for tests that assert none (or some) happened. */
  refusals(): ReadonlyArray<{ key: string } & RobotResult>;
  on(event: 'change', listener: (change: WeComChange) => void): () => void;
  stop(): Promise<void>;
}

const MESSAGES_PER_MINUTE = 20;
const THROTTLED: RobotResult = { errcode: 45009, errmsg: 'api freq out of limit' };

/** The local WeCom: group robots with the real answers for unknown keys, bad bodies and floods. */
export async function startWeComServer(options: WeComServerOptions = {}): Promise<WeComServerHandle> {
  const now = options.now ?? Date.now;
  const names = new Map<string, string>();
  const log = new Map<string, WeComRobotMessage[]>();
  const refusals: Array<{ key: string } & RobotResult> = [];
  const events = new EventEmitter();
  const perMinute = new RateWindow(MESSAGES_PER_MINUTE, 60_000, now);
  const addRobot = (robot: { key: string; name?: string }) => names.set(robot.key, robot.name ?? robot.key);
  for (const robot of options.robots ?? []) addRobot(robot);

  const answer = (key: string, body: unknown): RobotResult => {
    if (!names.has(key)) return { errcode: 93000, errmsg: 'invalid webhook url, hint: key not found' };
    const checked = checkMessage(body);
    if (!checked.ok) return checked.result;
    if (!perMinute.tryHit(key)) return THROTTLED;
    const message = { at: now(), msgtype: checked.msgtype, body: checked.body, mentioned: checked.mentioned };
    log.set(key, [...(log.get(key) ?? []), message]);
    events.emit('change', { key, message } satisfies WeComChange);
    return { errcode: 0, errmsg: 'ok' };
  };

  const router = new Router();
  router.post('/cgi-bin/webhook/send', async (ctx) => {
    const key = String(ctx.query.key ?? '');
    const result = answer(key, await readJson(ctx));
    if (result.errcode !== 0) refusals.push({ key, ...result });
    ctx.body = result;
  });
  const koa = new Koa();
  koa.use(router.routes());
  koa.use(router.allowedMethods());

  const server = createServer(koa.callback());
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;
  return {
    url,
    webhook: (key) => `${url}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`,
    addRobot,
    robots: () => [...names].map(([key, name]) => ({ key, name })),
    messages: (key) => log.get(key) ?? [],
    refusals: () => refusals,
    on(event, listener) {
      events.on(event, listener);
      return () => events.off(event, listener);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
