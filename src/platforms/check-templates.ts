import type { AlertRow } from '../db/alert-json.js';
import { type IncidentAlerts, type ViewOptions, buildAlertView } from '../cards/alert-view.js';
import type { ChannelKind } from '../cards/channel.js';
import type { Locale } from '../cards/strings.js';
import { composeClick, composeNotice, composeReply, templatesOf } from '../templates/compose.js';
import { type Sample, sampleAlerts } from '../templates/sample-alert.js';
import { noticeName, sampleClicks, sampleNotices, sampleReplies } from '../templates/sample-messages.js';
import { TemplateError } from '../templates/template-error.js';
import { DEFAULT_SET } from '../templates/template-files.js';
import { type Renderer, RENDERERS } from './renderers.js';

export const LOCALES: Locale[] = ['zh-CN', 'en'];
export const CHANNEL_KINDS: ChannelKind[] = ['lark', 'lark-webhook', 'dingtalk', 'dingtalk-webhook', 'wecom-webhook'];
const actionUrl = () => 'https://gong.example.com/a/token';
const mentions = [{ name: 'Li Lei', dingtalk: 'u1', lark: 'ou_1', wecom: 'lilei' }];

/**
 * Every message a chat of each type can receive about one alert, by `<type>/<message>`: the
 * alert's card and follow-up, every notice kind, every answer to a click or an action link
 * (toasts and link pages) and, where people write commands, every reply. `incident` brings the
 * alerts of an incident of several.
 */
export function renderAll(alert: AlertRow, options: ViewOptions, kinds: readonly ChannelKind[] = CHANNEL_KINDS, incident?: IncidentAlerts): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  const view = buildAlertView(alert, options, incident);
  for (const kind of kinds) {
    const renderer: Renderer = RENDERERS[kind];
    for (const [name, draw] of Object.entries(renderer.alertMessages)) messages[`${kind}/${name}`] = draw(view, actionUrl);
    for (const body of sampleNotices(alert)) {
      messages[`${kind}/notice-${noticeName(body)}`] = renderer.notice({ ...composeNotice(body, options, kind), mentions });
    }
    for (const [name, body] of Object.entries(sampleClicks(alert))) messages[`${kind}/click-${name}`] = composeClick(body, options, kind);
    if (!renderer.reply) continue;
    for (const [name, body] of Object.entries(sampleReplies(alert))) {
      messages[`${kind}/reply-${name}`] = renderer.reply(composeReply(body, options, kind), { mentions, templates: templatesOf(options) });
    }
  }
  return messages;
}

/** The byte limit of one message of a chat type; WeCom notices are lists of messages, each checked. */
export function limitOf(name: string): number {
  return RENDERERS[name.slice(0, name.indexOf('/')) as ChannelKind].maxBytes;
}

/** How big a message is as the platform counts it; a WeCom markdown message counts its content. */
export function sizesOf(message: unknown): number[] {
  if (Array.isArray(message)) return message.flatMap(sizesOf);
  const content = (message as { markdown?: { content?: string } }).markdown?.content;
  return [Buffer.byteLength(content ?? JSON.stringify(message))];
}

/**
 * Renders every template of a set with the sample alert in each state and locale (and an
 * incident of many alerts, and a merged one), and checks each message fits its platform: Gong
 * refuses to start with a set that fails.
 */
export function checkTemplateSet(options: ViewOptions, kinds: readonly ChannelKind[] = CHANNEL_KINDS, samples: Sample[] = sampleAlerts(new Date())): void {
  const template = options.template ?? DEFAULT_SET;
  for (const locale of LOCALES) {
    for (const { alert, incident } of samples) {
      for (const [name, message] of Object.entries(renderAll(alert, { ...options, locale }, kinds, incident))) {
        const bytes = Math.max(...sizesOf(message));
        const limit = limitOf(name);
        if (bytes > limit) throw new TemplateError(`${name} (set ${template})`, `${bytes} bytes for the sample alert, over the ${limit}-byte limit`);
      }
    }
  }
}
