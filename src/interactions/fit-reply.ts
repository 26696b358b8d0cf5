import type { ChannelKind, TemplateChoice } from '../cards/channel.js';
import { sizesOf } from '../platforms/check-templates.js';
import { type Renderer, RENDERERS } from '../platforms/renderers.js';
import type { ReplyBody } from '../templates/messages.js';

/** Room left for what the transport adds around a reply: the @ of the person who asked. */
const MENTION_ROOM = 512;

type Composed = { title: string; markdown: string };

/**
 * The reply as the chat's platform will take it. Only `show` can grow with what the sources sent
 * (its alerts' titles and labels): when it is too big, it lists fewer alerts, halving until it
 * fits; the counts and the console link still cover them all.
 */
export function fitReply(body: ReplyBody, compose: (body: ReplyBody) => Composed, kind: ChannelKind, templates: Omit<TemplateChoice, 'kind'>): Composed {
  const renderer: Renderer = RENDERERS[kind];
  const fits = (reply: Composed) => Math.max(...sizesOf(renderer.reply?.(reply, { templates }) ?? reply)) <= renderer.maxBytes - MENTION_ROOM;
  let fitting = body;
  let reply = compose(fitting);
  while (fitting.kind === 'show' && fitting.alerts.length > 0 && !fits(reply)) {
    fitting = { ...fitting, alerts: fitting.alerts.slice(0, Math.floor(fitting.alerts.length / 2)) };
    reply = compose(fitting);
  }
  return reply;
}
