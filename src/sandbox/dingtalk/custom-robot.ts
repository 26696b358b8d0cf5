import { createHmac } from 'node:crypto';
import type { Router } from '@koa/router';
import { RateWindow } from './rate-window.js';
import { readJson } from './read-json.js';
import type { SandboxCustomRobot, SandboxState } from './state.js';
import { effectiveMentions, parseWebhookBody, type WebhookResult } from './webhook-body.js';

const TIMESTAMP_WINDOW_MS = 60 * 60 * 1000;
const MESSAGES_PER_MINUTE = 20;
const BLOCK_MS = 10 * 60 * 1000;
const OK: WebhookResult = { errcode: 0, errmsg: 'ok' };
const SEND_TOO_FAST: WebhookResult = { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' };

/**
 * Verification is written here independently of Gong's signer on purpose: a fake sharing the
 * client's code could not catch the client's mistakes. Both are pinned by the protocol test vector.
 */
export function expectedSign(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/**
 * `POST /robot/send?access_token=` (oapi.dingtalk.com): the seeds' custom robots, with the
 * security settings, the msgtype checks and the 20-a-minute limit followed by a 10-minute block.
 */
export function customRobotRoutes(router: Router, state: SandboxState): void {
  const perMinute = new RateWindow(MESSAGES_PER_MINUTE, 60_000, state.now);
  const blockedUntil = new Map<string, number>();

  router.post('/robot/send', async (ctx) => {
    const body = await readJson(ctx);
    ctx.body = ((): WebhookResult => {
      const robot = state.customRobots.get(String(ctx.query.access_token ?? ''));
      if (!robot) return { errcode: 300005, errmsg: 'token is not exist' };
      if ((blockedUntil.get(robot.accessToken) ?? 0) > state.now()) return SEND_TOO_FAST;
      const parsed = parseWebhookBody(body);
      if (!parsed.ok) return parsed.result;
      const refused = checkSecurity(robot, ctx.query, parsed.visibleText, state.now());
      if (refused) return refused;
      if (!perMinute.tryHit(robot.accessToken)) {
        blockedUntil.set(robot.accessToken, state.now() + BLOCK_MS);
        return SEND_TOO_FAST;
      }
      const log = state.customRobotMessages.get(robot.accessToken) ?? [];
      log.push({ at: state.now(), body: parsed.body });
      state.customRobotMessages.set(robot.accessToken, log);
      if (robot.conversationId) {
        state.post(robot.conversationId, {
          kind: 'customRobot',
          accessToken: robot.accessToken,
          body: parsed.body,
          mentioned: effectiveMentions(parsed.body, parsed.visibleText),
        });
      }
      return OK;
    })();
  });
}

function checkSecurity(
  robot: SandboxCustomRobot,
  query: Record<string, string | string[] | undefined>,
  visibleText: string,
  now: number,
): WebhookResult | undefined {
  if (robot.secret !== undefined) {
    const timestamp = typeof query.timestamp === 'string' ? query.timestamp : '';
    if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > TIMESTAMP_WINDOW_MS) {
      return { errcode: 310000, errmsg: 'invalid timestamp' };
    }
    if (query.sign !== expectedSign(timestamp, robot.secret)) return { errcode: 310000, errmsg: 'sign not match' };
  }
  if (robot.keywords.length > 0 && !robot.keywords.some((k) => visibleText.includes(k))) {
    return { errcode: 310000, errmsg: 'keywords not in content' };
  }
  return undefined;
}
