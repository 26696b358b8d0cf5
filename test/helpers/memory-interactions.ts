import type { AlertRow } from '../../src/db/alert-json.js';
import type { ActRequest, ActResult } from '../../src/alerts/act.js';
import { chatLook, groupOf } from '../../src/chats/chat-registry.js';
import type { ChatConfig } from '../../src/config/schema.js';
import type { Actor } from '../../src/domain/actor.js';
import { transition } from '../../src/domain/lifecycle.js';
import type { InteractionDeps } from '../../src/interactions/deps.js';
import { sampleAlert } from '../../src/templates/sample-alert.js';

export interface MemoryCard {
  alertId: number;
  chat: string;
  platform: 'dingtalk' | 'lark' | 'wecom';
  /** '' while the card is being posted. */
  ref: string;
}

/** Merging and splitting need the alerts inside incidents: tests of them pass the real service as `service`. */
const regroupInMemory = async (): Promise<never> => {
  throw new Error('memoryInteractions holds no alerts inside incidents: pass the real service to merge or split');
};

/**
 * The handlers' dependencies held in memory: alerts acted on through the real state machine (each
 * an incident holding one alert of its own id, as the migration leaves them), cards, chats and
 * their looks, and a people directory; no database, no platform. `service` puts the real alert
 * service in place of the alerts in memory.
 */
export function memoryInteractions(o: { alerts?: Partial<AlertRow>[]; cards?: MemoryCard[]; chats?: ChatConfig[]; users?: Record<string, string>; config?: Partial<InteractionDeps['config']>; service?: InteractionDeps['alerts'] }) {
  const alerts = new Map((o.alerts ?? []).map((overrides) => {
    const alert = sampleAlert({ assignee: null, ...overrides });
    return [alert.id, alert] as const;
  }));
  const cards = o.cards ?? [];
  const chats = o.chats ?? [];
  const answered = new Map<string, ActResult>();
  const acts: ActRequest[] = [];
  const defaults = { locale: 'en' as const, timezone: 'UTC' };

  const act = async (request: ActRequest): Promise<ActResult> => {
    acts.push(request);
    const earlier = request.dedupeKey === undefined ? undefined : answered.get(request.dedupeKey);
    if (earlier) return { ...earlier, duplicate: true } as ActResult;
    const alert = alerts.get(request.alertId);
    if (!alert) return { ok: false, code: 'not_found', reason: 'no such alert' };
    const moved = transition(alert, request.action, { actor: request.actor.name, now: new Date() });
    const result: ActResult = moved.ok
      ? { ok: true, alert: { ...alert, ...moved.changes, version: alert.version + 1 }, event: moved.event.type, duplicate: false }
      : { ok: false, code: 'refused', refusal: moved.refusal, reason: moved.refusal.code, alert, duplicate: false };
    if (result.ok) alerts.set(alert.id, result.alert);
    if (request.dedupeKey !== undefined) answered.set(request.dedupeKey, result);
    return result;
  };

  const deps: InteractionDeps = {
    alerts: {
      act,
      get: async (id) => alerts.get(id),
      timeline: async () => [],
      list: async () => ({ alerts: [...alerts.values()].filter((alert) => alert.state !== 'resolved'), nextCursor: null }),
      stats: async () => ({ total: alerts.size, resolved: 0, unresolved: alerts.size, mttaMs: null, mttrMs: null, alerts: alerts.size, noisiest: [] }),
      cardsOfClick: async (platform, ref, alertId) => {
        const recorded = cards.find((card) => card.platform === platform && card.ref === ref && ref !== '');
        return { ...(recorded && { recorded }), posting: cards.filter((card) => card.alertId === alertId && card.platform === platform && card.ref === '') };
      },
      incidentAlerts: async () => ({ alerts: [], total: 1, firing: 1, nextCursor: null }),
      incidentOfAlert: async (id) => (alerts.has(id) ? id : undefined),
      cardAlerts: async () => [],
      merge: regroupInMemory,
      split: regroupInMemory,
      ...o.service,
    },
    chats: {
      get: (name) => {
        const chat = chats.find((candidate) => candidate.name === name);
        return chat && { chat, origin: 'config' };
      },
      ofGroup: (type, group) => chats.find((chat) => chat.type === type && groupOf(chat) === group),
      look: (name) => chatLook(defaults, chats.find((chat) => chat.name === name)),
    },
    // The directory names an account after its configured user, as people/ would.
    identify: async <A extends Actor>(actor: A) => (actor.id && o.users?.[actor.id] ? { ...actor, name: o.users[actor.id]! } : actor),
    config: { schedules: [], server: { publicUrl: 'https://gong.example.com' }, ...defaults, ...o.config },
  };
  return { deps, acts, alert: (id: number) => alerts.get(id) };
}
