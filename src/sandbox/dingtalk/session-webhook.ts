import { randomBytes } from 'node:crypto';
import type { Router } from '@koa/router';
import { readJson } from './read-json.js';
import type { SandboxState } from './state.js';
import { effectiveMentions, parseWebhookBody } from './webhook-body.js';

/** How long DingTalk lets a robot reply through the sessionWebhook of a message. */
const SESSION_LIFETIME_MS = 90 * 60 * 1000;

/** Issues a sessionWebhook for a message that reached an app robot. */
export function openSession(state: SandboxState, conversationId: string, robotCode: string, createAt: number): string {
  const id = randomBytes(18).toString('base64url');
  state.sessions.set(id, { conversationId, robotCode, expiresAt: createAt + SESSION_LIFETIME_MS });
  return id;
}

/** `POST /robot/sendBySession?session=`: the custom robot bodies without signature, until the session expires. */
export function sessionWebhookRoutes(router: Router, state: SandboxState): void {
  router.post('/robot/sendBySession', async (ctx) => {
    const body = await readJson(ctx);
    const session = state.sessions.get(String(ctx.query.session ?? ''));
    if (!session || session.expiresAt <= state.now()) {
      ctx.body = { errcode: 300001, errmsg: 'session 不存在' };
      return;
    }
    const parsed = parseWebhookBody(body);
    if (!parsed.ok) {
      ctx.body = parsed.result;
      return;
    }
    state.post(session.conversationId, {
      kind: 'session',
      robotCode: session.robotCode,
      body: parsed.body,
      mentioned: effectiveMentions(parsed.body, parsed.visibleText),
    });
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });
}
