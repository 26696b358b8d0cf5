import type { Locale } from '../cards/strings.js';
import { formatTime } from '../cards/alert-view.js';
import { escapeHtml } from '../http/html.js';
import type { GroupMessage } from '../sandbox/dingtalk/state.js';
import type { Sandbox } from '../sandbox/start-sandbox.js';
import { SANDBOX } from '../sandbox/start-sandbox.js';
import { SANDBOX_PEOPLE } from '../sandbox/sandbox-people.js';
import { type SandboxWords, sandboxWords } from './sandbox-words.js';
import type { StoredMessage } from '../sandbox/lark/types.js';
import { markdownToHtml } from './mini-markdown.js';
import { dingtalkCardHtml } from './render-dingtalk-card.js';
import { larkCardHtml } from './render-lark-card.js';
import { wecomMessageHtml } from './render-wecom-message.js';

const LARK_PEOPLE = SANDBOX_PEOPLE.map((p) => ({ id: p.larkOpenId, name: p.name }));
const larkName = (openId: string) => LARK_PEOPLE.find((p) => p.id === openId)?.name ?? openId;

/**
 * The three sandbox groups as HTML, newest message last, read straight from the local servers.
 * `publicUrl` is Gong's own address: WeCom action links to it become paths, so they open on
 * whatever address this page was loaded from. `localeOf` gives a chat's language (its own, else
 * Gong's): each group is drawn in its chat's words, as its platform's client would show them,
 * its times on the configured `zone`'s clock.
 */
export function sandboxFeed(
  sandbox: Pick<Sandbox, 'dingtalk' | 'lark' | 'wecom' | 'wecomKey'>,
  publicUrl: string,
  localeOf: (chat: string) => Locale,
  zone: string,
): { dingtalk: string; lark: string; wecom: string } {
  const dingtalkLocale = localeOf(SANDBOX.dingtalk.chat);
  const dingtalk = sandbox.dingtalk
    .groupMessages(SANDBOX.dingtalk.conversationId)
    .map((message) => dingtalkMessage(sandbox, message, dingtalkLocale, zone))
    .join('');
  const larkWords = sandboxWords(localeOf(SANDBOX.lark.chat));
  const lark = sandbox.lark
    .chatMessages(SANDBOX.lark.chatId)
    .sort((a, b) => a.createTime - b.createTime)
    .map((message) => larkMessage(message, larkWords, zone))
    .join('');
  const ownLinks = `href="${escapeHtml(publicUrl)}/`;
  const wecomLocale = localeOf(SANDBOX.wecom.chat);
  const wecom = sandbox.wecom
    .messages(sandbox.wecomKey)
    .map((message) => bubble(zone, SANDBOX.wecom.robot, message.at, wecomMessageHtml(message.msgtype, message.body, undefined, wecomLocale).split(ownLinks).join('href="/')))
    .join('');
  return { dingtalk, lark, wecom };
}

function bubble(zone: string, who: string, at: number, content: string, attrs = '', mine = false): string {
  // The configured zone's clock, as cards and the console show times; the page names the zone.
  const time = formatTime(new Date(at), zone).slice(11);
  return `<li class="msg${mine ? ' msg-user' : ''}"${attrs}><div class="msg-meta"><span class="msg-who">${escapeHtml(who)}</span> <time>${time}</time></div>${content}</li>`;
}

function dingtalkMessage(sandbox: Pick<Sandbox, 'dingtalk'>, message: GroupMessage, locale: Locale, zone: string): string {
  const words = sandboxWords(locale);
  switch (message.kind) {
    case 'user':
      return bubble(zone, message.nick, message.at, `<div class="text">${escapeHtml(message.text)}</div>`, '', true);
    case 'card': {
      const params = sandbox.dingtalk.card(message.outTrackId) ?? {};
      return bubble(zone, 'Gong', message.at, dingtalkCardHtml(params, true, locale), ` data-card="${escapeHtml(message.outTrackId)}"`);
    }
    case 'robot':
      if (message.recalled) return bubble(zone, 'Gong', message.at, `<div class="text muted">${escapeHtml(words.recalled)}</div>`);
      return bubble(zone, 'Gong', message.at, `<div class="text">${robotText(message.msgParam)}</div>`);
    case 'session':
    case 'customRobot':
      return bubble(zone, message.kind === 'session' ? 'Gong' : words.customRobot, message.at, `<div class="text">${webhookText(message.body)}</div>`);
  }
}

function robotText(param: Record<string, unknown>): string {
  const text = String(param.text ?? param.content ?? '');
  return `${param.title ? `<strong>${escapeHtml(String(param.title))}</strong><br>` : ''}${markdownToHtml(text)}`;
}

function webhookText(body: Record<string, unknown>): string {
  const part = (body.markdown ?? body.text ?? body.actionCard ?? {}) as Record<string, unknown>;
  return markdownToHtml(String(part.text ?? part.content ?? JSON.stringify(body)));
}

function larkMessage(message: StoredMessage, words: SandboxWords, zone: string): string {
  const who = message.sender.type === 'user' ? message.sender.name : message.sender.type === 'app' ? 'Gong' : words.customBot;
  const attrs = ` data-message="${escapeHtml(message.messageId)}"${message.rootId ? ' data-thread="true"' : ''}`;
  const content = parse(message.content);
  if (message.msgType === 'interactive') {
    const card = larkCardHtml(content, { interactive: message.sender.type === 'app', people: LARK_PEOPLE, nameOf: larkName });
    return bubble(zone, who, message.createTime, message.rootId ? `<div class="thread-reply">${card}</div>` : card, attrs);
  }
  const text = typeof content.text === 'string' ? content.text : message.content;
  return bubble(zone, who, message.createTime, `<div class="text">${markdownToHtml(text, larkName)}</div>`, attrs, message.sender.type === 'user');
}

function parse(content: string): Record<string, any> {
  try {
    return JSON.parse(content) as Record<string, any>;
  } catch {
    return {};
  }
}
