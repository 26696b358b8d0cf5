import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import type { Router } from '@koa/router';
import type { OpenApiAuth } from './auth.js';
import { applyCardUpdate, parseParamMap, parsePrivateData, parseUpdateOptions } from './card-update.js';
import { OpenApiError } from './openapi-error.js';
import { isRecord, readJson } from './read-json.js';
import type { SandboxApp, SandboxCard, SandboxState } from './state.js';

interface DeliverResult {
  spaceType: string;
  spaceId: string;
  success: boolean;
  carrierId?: string;
  errorMsg?: string;
}

const SPACE_PREFIX = 'dtv1.card//';

/** The card instance APIs (`/v1.0/card/instances...`): create, deliver, both at once, and update. */
export function cardRoutes(router: Router, state: SandboxState, auth: OpenApiAuth): void {
  router.post('/v1.0/card/instances/createAndDeliver', async (ctx) => {
    const { app, body } = await authorized(ctx, auth);
    // Validate the delivery first: a refused request must not leave a card behind.
    const target = parseTarget(body);
    const card = createCard(state, app, body);
    const deliverResults = deliverCard(state, app, card, target);
    ctx.body = { success: true, result: { outTrackId: card.outTrackId, deliverResults } };
  });

  router.post('/v1.0/card/instances', async (ctx) => {
    const { app, body } = await authorized(ctx, auth);
    const card = createCard(state, app, body);
    ctx.body = { success: true, result: card.outTrackId };
  });

  router.post('/v1.0/card/instances/deliver', async (ctx) => {
    const { app, body } = await authorized(ctx, auth);
    const card = ownedCard(state, app, body.outTrackId);
    ctx.body = { success: true, result: deliverCard(state, app, card, parseTarget(body)) };
  });

  router.put('/v1.0/card/instances', async (ctx) => {
    const { app, body } = await authorized(ctx, auth);
    const card = ownedCard(state, app, body.outTrackId);
    const cardData = isRecord(body.cardData) ? body.cardData : {};
    applyCardUpdate(state, card, {
      ...(cardData.cardParamMap !== undefined && {
        cardParamMap: parseParamMap(cardData.cardParamMap, 'cardData.cardParamMap'),
      }),
      privateData: parsePrivateData(body.privateData, 'privateData'),
      ...parseUpdateOptions(body.cardUpdateOptions),
    });
    ctx.body = { success: true, result: true };
  });
}

async function authorized(ctx: Context, auth: OpenApiAuth): Promise<{ app: SandboxApp; body: Record<string, unknown> }> {
  const app = auth.authorize(ctx);
  const body = await readJson(ctx);
  if (!isRecord(body)) throw new OpenApiError(400, 'InvalidParameter', 'request body must be a JSON object');
  return { app, body };
}

function requiredString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw new OpenApiError(400, 'MissingParameter', `${key} is required`);
  return value;
}

function createCard(state: SandboxState, app: SandboxApp, body: Record<string, unknown>): SandboxCard {
  const outTrackId = requiredString(body, 'outTrackId');
  const cardTemplateId = requiredString(body, 'cardTemplateId');
  if (state.cards.has(outTrackId)) {
    throw new OpenApiError(400, 'param.cardAlreadyExist', `card with outTrackId ${outTrackId} already exists`);
  }
  const cardData = isRecord(body.cardData) ? body.cardData : {};
  const card: SandboxCard = {
    outTrackId,
    clientId: app.clientId,
    cardTemplateId,
    callbackType: typeof body.callbackType === 'string' ? body.callbackType : 'HTTP',
    cardParamMap: parseParamMap(cardData.cardParamMap, 'cardData.cardParamMap'),
    privateData: parsePrivateData(body.privateData, 'privateData'),
    conversationIds: [],
    updatedAt: state.now(),
  };
  state.cards.set(outTrackId, card);
  return card;
}

function ownedCard(state: SandboxState, app: SandboxApp, outTrackId: unknown): SandboxCard {
  if (typeof outTrackId !== 'string' || outTrackId === '') {
    throw new OpenApiError(400, 'MissingParameter', 'outTrackId is required');
  }
  const card = state.cards.get(outTrackId);
  // Another app's card is as invisible as a missing one.
  if (!card || card.clientId !== app.clientId) {
    throw new OpenApiError(400, 'param.cardNotExist', `card with outTrackId ${outTrackId} does not exist`);
  }
  return card;
}

interface DeliveryTarget {
  spaces: Array<{ spaceType: string; spaceId: string }>;
  robotCode?: string;
  atUserIds: Record<string, string>;
}

function parseTarget(body: Record<string, unknown>): DeliveryTarget {
  const openSpaceId = requiredString(body, 'openSpaceId');
  if (!openSpaceId.startsWith(SPACE_PREFIX)) {
    throw new OpenApiError(400, 'param.invalidOpenSpaceId', `openSpaceId must start with ${SPACE_PREFIX}`);
  }
  const spaces = openSpaceId
    .slice(SPACE_PREFIX.length)
    .split(';')
    .filter((s) => s !== '')
    .map((space) => {
      const dot = space.indexOf('.');
      return dot < 0 ? { spaceType: space, spaceId: '' } : { spaceType: space.slice(0, dot), spaceId: space.slice(dot + 1) };
    });
  const model = isRecord(body.imGroupOpenDeliverModel) ? body.imGroupOpenDeliverModel : undefined;
  if (spaces.some((s) => s.spaceType === 'IM_GROUP') && typeof model?.robotCode !== 'string') {
    throw new OpenApiError(400, 'MissingParameter', 'imGroupOpenDeliverModel.robotCode is required for IM_GROUP');
  }
  return {
    spaces,
    ...(typeof model?.robotCode === 'string' && { robotCode: model.robotCode }),
    atUserIds: parseAtUserIds(model?.atUserIds),
  };
}

/** Delivers to every space; a space that fails is reported in its result, as DingTalk does. */
function deliverCard(state: SandboxState, app: SandboxApp, card: SandboxCard, target: DeliveryTarget): DeliverResult[] {
  return target.spaces.map(({ spaceType, spaceId }) => {
    const fail = (errorMsg: string): DeliverResult => ({ spaceType, spaceId, success: false, errorMsg });
    if (spaceType !== 'IM_GROUP') return fail(`space type ${spaceType} is not supported by this server`);
    if (target.robotCode !== app.robotCode) return fail(`robot ${target.robotCode} does not belong to this app`);
    const group = state.groups.get(spaceId);
    if (!group) return fail(`openConversationId ${spaceId} does not exist`);
    if (!group.robotCodes.includes(app.robotCode)) return fail(`robot ${app.robotCode} is not in group ${spaceId}`);
    if (!card.conversationIds.includes(spaceId)) {
      card.conversationIds.push(spaceId);
      state.post(spaceId, { kind: 'card', outTrackId: card.outTrackId, robotCode: app.robotCode, atUserIds: target.atUserIds });
    }
    return { spaceType, spaceId, success: true, carrierId: randomUUID() };
  });
}

function parseAtUserIds(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([id, nick]) => [id, String(nick)]));
}
