import type { ViewOptions } from '../cards/alert-view.js';
import type { ChannelKind, Notice, TemplateChoice } from '../cards/channel.js';
import type { Refusal } from '../domain/lifecycle.js';
import { clickValues, refusalValues } from './click-data.js';
import { noticeValues, replyValues } from './message-data.js';
import type { ClickBody, NoticeBody, ReplyBody } from './messages.js';
import { renderBody, renderText } from './render.js';
import { loadTemplate } from './template-files.js';

/** The templates a chat's messages are drawn with, from its view options and type. */
export function choiceOf(options: Pick<ViewOptions, 'locale' | 'template' | 'templatesDir'>, kind: ChannelKind): TemplateChoice {
  return { kind, ...templatesOf(options) };
}

/** The same without the chat type, as a Notice carries it to the channel that frames it. */
export function templatesOf(options: Pick<ViewOptions, 'locale' | 'template' | 'templatesDir'>): Omit<TemplateChoice, 'kind'> {
  return { locale: options.locale, ...(options.template && { set: options.template }), ...(options.templatesDir && { dir: options.templatesDir }) };
}

/**
 * A notice worded for one chat: its body from `<kind>.md` of the chat's set and language, its
 * frame (notice.json / notice.md) later by the chat's channel with the same choice.
 */
export function composeNotice(body: NoticeBody, options: ViewOptions, kind: ChannelKind): Notice {
  const { title, markdown } = renderBody(loadTemplate(choiceOf(options, kind), `${body.kind}.md`), noticeValues(body, options.locale));
  return { kind: body.kind, title, markdown, templates: templatesOf(options) };
}

/** A command's answer worded for the chat it was written in (`reply.md`); the title defaults to "Gong". */
export function composeReply(body: ReplyBody, options: ViewOptions, kind: ChannelKind): { title: string; markdown: string } {
  const reason = 'refusal' in body ? composeRefusal(body.refusal, options, kind, body.kind === 'refused' ? body.alert.source : undefined) : null;
  const rendered = renderBody(loadTemplate(choiceOf(options, kind), 'reply.md'), replyValues(body, options, reason));
  return { title: rendered.title || 'Gong', markdown: rendered.markdown };
}

/** Why an action was refused, in the chat's language (`refusal.txt`), as plain text; `source` is the incident's, where known. */
export function composeRefusal(refusal: Refusal, options: ViewOptions, kind: ChannelKind, source?: string): string {
  return renderText(loadTemplate(choiceOf(options, kind), 'refusal.txt'), refusalValues(refusal, options, source));
}

/** The answer to a click or an action link in the clicked chat's set and language (`click.txt`), as plain text. */
export function composeClick(body: ClickBody, options: ViewOptions, kind: ChannelKind): string {
  const reason = body.kind === 'refused' ? composeRefusal(body.refusal, options, kind, body.alert.source) : null;
  return renderText(loadTemplate(choiceOf(options, kind), 'click.txt'), clickValues(body, options, reason));
}
