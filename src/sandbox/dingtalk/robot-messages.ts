import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { Router } from '@koa/router';
import type { OpenApiAuth } from './auth.js';
import { OpenApiError } from './openapi-error.js';
import { isRecord, readJson } from './read-json.js';
import type { SandboxApp, SandboxGroup, SandboxState } from './state.js';

const MAX_MSG_PARAM_BYTES = 15000;

function actionCardFields(buttons: number): string[] {
  const fields = ['title', 'text'];
  for (let i = 1; i <= buttons; i++) fields.push(`actionTitle${i}`, `actionURL${i}`);
  return fields;
}

/** The fields each message template requires in `msgParam`. */
const MSG_KEYS: Record<string, string[]> = {
  sampleText: ['content'],
  sampleMarkdown: ['title', 'text'],
  sampleLink: ['text', 'title', 'picUrl', 'messageUrl'],
  sampleActionCard: ['title', 'text', 'singleTitle', 'singleURL'],
  sampleActionCard2: actionCardFields(2),
  sampleActionCard3: actionCardFields(3),
  sampleActionCard4: actionCardFields(4),
  sampleActionCard5: actionCardFields(5),
};

/** The app robot's group messages: `POST /v1.0/robot/groupMessages/send` and `.../recall`. */
export function robotMessageRoutes(router: Router, state: SandboxState, auth: OpenApiAuth): void {
  router.post('/v1.0/robot/groupMessages/send', async (ctx) => {
    const { app, body, group } = await robotInGroup(ctx, state, auth);
    const msgKey = body.msgKey;
    const required = typeof msgKey === 'string' ? MSG_KEYS[msgKey] : undefined;
    if (typeof msgKey !== 'string' || !required) {
      throw new OpenApiError(400, 'InvalidParameter.MsgKey', `msgKey ${String(msgKey)} is not supported`);
    }
    const msgParam = parseMsgParam(body.msgParam, required);
    const processQueryKey = randomBytes(24).toString('base64');
    state.post(group.conversationId, {
      kind: 'robot',
      robotCode: app.robotCode,
      msgKey,
      msgParam,
      processQueryKey,
      recalled: false,
    });
    ctx.body = { processQueryKey };
  });

  router.post('/v1.0/robot/groupMessages/recall', async (ctx) => {
    const { body, group } = await robotInGroup(ctx, state, auth);
    const keys = Array.isArray(body.processQueryKeys) ? body.processQueryKeys.filter((k) => typeof k === 'string') : [];
    const successResult: string[] = [];
    const failedResult: Record<string, string> = {};
    for (const key of keys) {
      const message = state
        .timeline(group.conversationId)
        .find((m) => m.kind === 'robot' && m.processQueryKey === key && !m.recalled);
      if (message?.kind !== 'robot') {
        failedResult[key] = 'message not found';
        continue;
      }
      message.recalled = true;
      successResult.push(key);
      state.emitChange({ type: 'recall', conversationId: group.conversationId, processQueryKey: key });
    }
    ctx.body = { successResult, failedResult };
  });
}

async function robotInGroup(
  ctx: Context,
  state: SandboxState,
  auth: OpenApiAuth,
): Promise<{ app: SandboxApp; body: Record<string, unknown>; group: SandboxGroup }> {
  const app = auth.authorize(ctx);
  const body = await readJson(ctx);
  if (!isRecord(body)) throw new OpenApiError(400, 'InvalidParameter', 'request body must be a JSON object');
  if (body.robotCode !== app.robotCode) {
    throw new OpenApiError(400, 'InvalidParameter.RobotCode', `robotCode ${String(body.robotCode)} does not belong to this app`);
  }
  const group = typeof body.openConversationId === 'string' ? state.groups.get(body.openConversationId) : undefined;
  if (!group) throw new OpenApiError(400, 'InvalidParameter.OpenConversationId', 'openConversationId does not exist');
  if (!group.robotCodes.includes(app.robotCode)) {
    throw new OpenApiError(400, 'robot.notInGroup', `robot ${app.robotCode} is not in this group`);
  }
  return { app, body, group };
}

function parseMsgParam(value: unknown, required: string[]): Record<string, unknown> {
  if (typeof value !== 'string') throw new OpenApiError(400, 'InvalidParameter.MsgParam', 'msgParam must be a JSON string');
  if (Buffer.byteLength(value) > MAX_MSG_PARAM_BYTES) {
    throw new OpenApiError(400, 'InvalidParameter.MsgParam', `msgParam exceeds ${MAX_MSG_PARAM_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new OpenApiError(400, 'InvalidParameter.MsgParam', 'msgParam is not valid JSON');
  }
  if (!isRecord(parsed)) throw new OpenApiError(400, 'InvalidParameter.MsgParam', 'msgParam must encode an object');
  const missing = required.filter((f) => typeof parsed[f] !== 'string' || parsed[f] === '');
  if (missing.length > 0) {
    throw new OpenApiError(400, 'InvalidParameter.MsgParam', `msgParam is missing ${missing.join(', ')}`);
  }
  return parsed;
}
