import { parseAction } from '../domain/parse-action.js';
import type { LinkAnswer, LinkInteraction } from '../platforms/transport.js';
import { chatWords } from './chat-words.js';
import type { InteractionDeps } from './deps.js';

/** An action link submitted from its page: act as the name typed there, and say what happened in the link's chat's words. */
export async function handleLink(deps: InteractionDeps, link: LinkInteraction): Promise<LinkAnswer> {
  const { chat, alertId } = link.target;
  const say = chatWords(deps.chats, chat).say;
  // "Assign" without a named person means "assign to me": the one who typed their name takes the alert.
  const parsed = parseAction(link.action, link.action === 'assign' ? { user: link.actor.name, ...link.args } : link.args);
  if (!parsed.ok) return { status: 'invalid', message: say({ kind: 'invalid', action: link.action }) };

  const result = await deps.alerts.act({
    alertId,
    action: parsed.action,
    actor: { name: link.actor.name, platform: link.platform ?? 'api' },
  });
  if (!result.ok && result.code === 'not_found') return { status: 'notFound', message: say({ kind: 'notFound', alertId }) };
  return result.ok
    ? { status: 'done', message: say({ kind: 'done', alert: result.alert, event: result.event }) }
    : { status: 'refused', message: say({ kind: 'refused', alert: result.alert, refusal: result.refusal }) };
}
