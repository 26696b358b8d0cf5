import { OpenApiError } from './openapi-error.js';
import { isRecord } from './read-json.js';
import type { SandboxCard, SandboxState } from './state.js';

/** DingTalk only accepts strings in a cardParamMap; anything else is refused, naming the key. */
export function parseParamMap(value: unknown, path: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new OpenApiError(400, 'param.invalidCardParamMap', `${path} must be an object`);
  const map: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new OpenApiError(400, 'param.invalidCardParamMap', `${path}.${key} must be a string, got ${typeof v}`);
    }
    map[key] = v;
  }
  return map;
}

/** `privateData` / `userPrivateData`: per-user maps, either `{userId: {cardParamMap}}` or one user's `{cardParamMap}`. */
export function parsePrivateData(value: unknown, path: string): Record<string, Record<string, string>> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new OpenApiError(400, 'param.invalidCardParamMap', `${path} must be an object`);
  const result: Record<string, Record<string, string>> = {};
  for (const [userId, data] of Object.entries(value)) {
    result[userId] = parseParamMap(isRecord(data) ? data.cardParamMap : data, `${path}.${userId}.cardParamMap`);
  }
  return result;
}

export interface CardUpdate {
  cardParamMap?: Record<string, string>;
  privateData?: Record<string, Record<string, string>>;
  updateCardDataByKey: boolean;
  updatePrivateDataByKey: boolean;
}

/** Applies an update the way `PUT /v1.0/card/instances` and callback responses do: merge by key or replace. */
export function applyCardUpdate(state: SandboxState, card: SandboxCard, update: CardUpdate): void {
  if (update.cardParamMap) {
    card.cardParamMap = update.updateCardDataByKey
      ? { ...card.cardParamMap, ...update.cardParamMap }
      : { ...update.cardParamMap };
  }
  for (const [userId, map] of Object.entries(update.privateData ?? {})) {
    card.privateData[userId] = update.updatePrivateDataByKey ? { ...card.privateData[userId], ...map } : { ...map };
  }
  card.updatedAt = state.now();
  state.emitChange({ type: 'card', outTrackId: card.outTrackId, cardParamMap: card.cardParamMap });
}

export function parseUpdateOptions(value: unknown): Pick<CardUpdate, 'updateCardDataByKey' | 'updatePrivateDataByKey'> {
  const options = isRecord(value) ? value : {};
  return {
    updateCardDataByKey: options.updateCardDataByKey === true,
    updatePrivateDataByKey: options.updatePrivateDataByKey === true,
  };
}
