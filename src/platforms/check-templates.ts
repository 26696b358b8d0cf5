import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertRow } from '../alerts/alert-json.js';
import type { Notice } from './channel.js';
import { type ViewOptions, buildAlertView } from './alert-view.js';
import { cardParams } from './dingtalk/card-params.js';
import { actionButtons, alertMarkdown, followUpMarkdown, withActionLinks } from './dingtalk/markdown-card.js';
import { noticeMarkdown } from './dingtalk/notice-markdown.js';
import { noticeCard } from './lark/app-channel.js';
import { renderLarkCard } from './lark/render-card.js';
import type { Locale } from './strings.js';
import { MAX_BYTES } from './template-limits.js';
import { sampleAlerts } from '../templates/sample-alert.js';
import { TemplateError } from '../templates/template-error.js';
import { DEFAULT_SET, TEMPLATES_DIR } from '../templates/template-files.js';
import type { ParsedConfig } from '../config/schema.js';
import { viewOptionsFor } from './view-options.js';

export const LOCALES: Locale[] = ['zh-CN', 'en'];
const NOTICE_KINDS: Notice['kind'][] = ['escalation', 'update', 'stats', 'storm', 'test'];
const actionUrl = () => 'https://gong.example.com/a/token';

/** Every message a chat using `template` can receive for one alert, by template name. */
export function renderAll(alert: AlertRow, options: ViewOptions) {
  const view = buildAlertView(alert, options);
  const notices = Object.fromEntries(
    NOTICE_KINDS.map((kind) => {
      const notice: Notice = { kind, title: `#${alert.id} ${kind}`, markdown: '**2** alerts', mentions: [{ name: 'Li Lei', dingtalk: 'u1', lark: 'ou_1' }], template: options.template };
      return [kind, { lark: noticeCard(notice), dingtalk: noticeMarkdown(notice) }];
    }),
  );
  return {
    'lark/alert-card': renderLarkCard(view),
    'lark-webhook/alert-card': renderLarkCard(view, actionUrl),
    'dingtalk/card-params': cardParams(view),
    'dingtalk/alert-markdown': withActionLinks(alertMarkdown(view), actionButtons(view, actionUrl)),
    'dingtalk/follow-up': followUpMarkdown(view),
    ...Object.fromEntries(Object.entries(notices).flatMap(([kind, out]) => [[`lark/notice-${kind}`, out.lark], [`dingtalk/notice-${kind}`, out.dingtalk]])),
  };
}

/**
 * Renders every template of a set with the sample alert in each state and locale, and checks
 * each message fits its platform: Gong refuses to start with a set that fails.
 */
export function checkTemplateSet(options: ViewOptions, alerts: AlertRow[] = sampleAlerts(new Date())): void {
  const template = options.template ?? DEFAULT_SET;
  for (const locale of LOCALES) {
    for (const alert of alerts) {
      for (const [name, message] of Object.entries(renderAll(alert, { ...options, locale }))) {
        const bytes = Buffer.byteLength(JSON.stringify(message));
        const limit = name.startsWith('lark') ? MAX_BYTES.lark : MAX_BYTES.dingtalk;
        if (bytes > limit) throw new TemplateError(`${name} (set ${template})`, `${bytes} bytes for the sample alert, over the ${limit}-byte limit`);
      }
    }
  }
}

/** Checks the `default` set and every set a chat names, in the chat's own label and link options. */
export function checkChatTemplates(config: Pick<ParsedConfig, 'locale' | 'timezone' | 'chats'>): void {
  checkTemplateSet({ locale: config.locale, timeZone: config.timezone });
  for (const chat of config.chats) {
    const folder = `${chat.type.startsWith('lark') ? 'lark' : 'dingtalk'}/${chat.template}`;
    // A set falls back to `default` kind by kind, so a misspelt name would otherwise pass unnoticed.
    if (chat.template && !existsSync(join(TEMPLATES_DIR, folder))) {
      throw new TemplateError(folder, `chat "${chat.name}" names template set "${chat.template}", but ${join(TEMPLATES_DIR, folder)} does not exist`);
    }
    checkTemplateSet(viewOptionsFor(config, chat.name));
  }
}
