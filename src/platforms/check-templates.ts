import type { AlertRow } from '../db/alert-json.js';
import type { ParsedConfig } from '../config/schema.js';
import { composeClick, composeNotice, composeReply, templatesOf } from '../templates/compose.js';
import { sampleAlerts } from '../templates/sample-alert.js';
import { noticeName, sampleClicks, sampleNotices, sampleReplies } from '../templates/sample-messages.js';
import { TemplateError } from '../templates/template-error.js';
import { DEFAULT_SET, TEMPLATES_DIR, setExists } from '../templates/template-files.js';
import { type ViewOptions, buildAlertView } from '../cards/alert-view.js';
import type { ChannelKind, Notice } from '../cards/channel.js';
import { cardParams } from './dingtalk/card-params.js';
import { actionButtons, alertMarkdown, followUpMarkdown, withActionLinks } from './dingtalk/markdown-card.js';
import { noticeMarkdown } from './dingtalk/notice-markdown.js';
import { noticeCard } from './lark/app-channel.js';
import { renderLarkCard } from './lark/render-card.js';
import { followUpText } from './lark/webhook-channel.js';
import type { Locale } from '../cards/strings.js';
import { MAX_BYTES } from './template-limits.js';
import { chatLook } from '../chats/chat-registry.js';
import { alertCard, alertMarkdownMessage, followUpMessage, noticeMessages } from './wecom/render.js';

export const LOCALES: Locale[] = ['zh-CN', 'en'];
export const CHANNEL_KINDS: ChannelKind[] = ['lark', 'lark-webhook', 'dingtalk', 'dingtalk-webhook', 'wecom-webhook'];
const actionUrl = () => 'https://gong.example.com/a/token';
const mentions = [{ name: 'Li Lei', dingtalk: 'u1', lark: 'ou_1', wecom: 'lilei' }];

/** A notice in a chat type's frame, as the chat's channel sends it. */
function framed(kind: ChannelKind, notice: Notice): unknown {
  if (kind === 'lark' || kind === 'lark-webhook') return noticeCard(notice, kind);
  if (kind === 'wecom-webhook') return noticeMessages(notice);
  return noticeMarkdown(notice, kind);
}

/** The alert messages of one chat type, by name. */
function alertMessages(kind: ChannelKind, alert: AlertRow, options: ViewOptions): Record<string, unknown> {
  const view = buildAlertView(alert, options);
  switch (kind) {
    case 'lark':
      return { 'alert-card': renderLarkCard(view) };
    case 'lark-webhook':
      return { 'alert-card': renderLarkCard(view, actionUrl), 'follow-up': followUpText(view, []) };
    case 'dingtalk':
      return {
        'card-params': cardParams(view),
        'alert-markdown': withActionLinks(alertMarkdown(view, kind), actionButtons(view, actionUrl)),
        'follow-up': withActionLinks(followUpMarkdown(view, kind), actionButtons(view, actionUrl)),
      };
    case 'dingtalk-webhook':
      return { 'alert-markdown': alertMarkdown(view, kind), 'follow-up': withActionLinks(followUpMarkdown(view, kind), actionButtons(view, actionUrl)) };
    case 'wecom-webhook':
      return { 'alert-card': alertCard(view, actionUrl), 'alert-markdown': alertMarkdownMessage(view, actionUrl), 'follow-up': followUpMessage(view, actionUrl) };
  }
}

/**
 * Every message a chat of each type can receive about one alert, by `<type>/<message>`: the
 * alert's card and follow-up, every notice kind, every answer to a click or an action link
 * (toasts and link pages) and, where people write commands, every reply.
 */
export function renderAll(alert: AlertRow, options: ViewOptions, kinds: readonly ChannelKind[] = CHANNEL_KINDS): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  for (const kind of kinds) {
    for (const [name, message] of Object.entries(alertMessages(kind, alert, options))) messages[`${kind}/${name}`] = message;
    for (const body of sampleNotices(alert)) {
      messages[`${kind}/notice-${noticeName(body)}`] = framed(kind, { ...composeNotice(body, options, kind), mentions });
    }
    for (const [name, body] of Object.entries(sampleClicks(alert))) messages[`${kind}/click-${name}`] = composeClick(body, options, kind);
    if (kind !== 'lark' && kind !== 'dingtalk') continue;
    // As the platforms send them: a Lark reply is a notice card, a DingTalk one markdown after an @.
    for (const [name, body] of Object.entries(sampleReplies(alert))) {
      const reply = composeReply(body, options, kind);
      messages[`${kind}/reply-${name}`] = kind === 'lark' ? framed(kind, { kind: 'update', ...reply, mentions, templates: templatesOf(options) }) : { title: reply.title, text: `@u1 ${reply.markdown}` };
    }
  }
  return messages;
}

/** The byte limit of one message of a chat type; WeCom notices are lists of messages, each checked. */
export function limitOf(name: string): number {
  return name.startsWith('lark') ? MAX_BYTES.lark : name.startsWith('wecom') ? MAX_BYTES.wecom : MAX_BYTES.dingtalk;
}

/** How big a message is as the platform counts it; a WeCom markdown message counts its content. */
export function sizesOf(message: unknown): number[] {
  if (Array.isArray(message)) return message.flatMap(sizesOf);
  const content = (message as { markdown?: { content?: string } }).markdown?.content;
  return [Buffer.byteLength(content ?? JSON.stringify(message))];
}

/**
 * Renders every template of a set with the sample alert in each state and locale, and checks
 * each message fits its platform: Gong refuses to start with a set that fails.
 */
export function checkTemplateSet(options: ViewOptions, kinds: readonly ChannelKind[] = CHANNEL_KINDS, alerts: AlertRow[] = sampleAlerts(new Date())): void {
  const template = options.template ?? DEFAULT_SET;
  for (const locale of LOCALES) {
    for (const alert of alerts) {
      for (const [name, message] of Object.entries(renderAll(alert, { ...options, locale }, kinds))) {
        const bytes = Math.max(...sizesOf(message));
        const limit = limitOf(name);
        if (bytes > limit) throw new TemplateError(`${name} (set ${template})`, `${bytes} bytes for the sample alert, over the ${limit}-byte limit`);
      }
    }
  }
}

/** Checks the `default` sets and every set a chat names, with the chat's own card options. */
export function checkChatTemplates(config: Pick<ParsedConfig, 'locale' | 'timezone' | 'chats' | 'templatesDir'>): void {
  checkTemplateSet(chatLook(config));
  const dir = config.templatesDir ?? TEMPLATES_DIR;
  for (const chat of config.chats) {
    // A set falls back to `default` file by file, so a misspelt name would otherwise pass unnoticed.
    if (chat.template && !setExists(chat.type, chat.template, dir)) {
      throw new TemplateError(`${chat.type}/${chat.template}`, `chat "${chat.name}" names template set "${chat.template}", but no ${chat.type} folder of ${dir} has it`);
    }
    checkTemplateSet(chatLook(config, chat), [chat.type]);
  }
}
