import type { ChatJson } from '../chats/chat-json.js';
import { PUBLISH_KINDS } from '../config/routing-schema.js';
import { parseClock } from '../domain/zoned-time.js';
import { escapeHtml } from '../http/html.js';
import { csrfField } from './layout.js';
import type { Words } from './words.js';

export const CHAT_TYPES = ['dingtalk', 'lark', 'dingtalk-webhook', 'lark-webhook', 'wecom-webhook'] as const;
export type ChatType = (typeof CHAT_TYPES)[number];
const isChatType = (value: unknown): value is ChatType => CHAT_TYPES.includes(value as ChatType);

/** The form's fields; each belongs to the chat types listed (publish and dailyStats to every type). */
const FIELDS = {
  name: CHAT_TYPES,
  type: CHAT_TYPES,
  conversationId: ['dingtalk'],
  chatId: ['lark'],
  app: ['dingtalk', 'lark'],
  webhook: ['dingtalk-webhook', 'lark-webhook', 'wecom-webhook'],
  secret: ['dingtalk-webhook', 'lark-webhook'],
  keywords: ['dingtalk-webhook', 'lark-webhook'],
  format: ['wecom-webhook'],
  publish: CHAT_TYPES,
  dailyStats: CHAT_TYPES,
} as const satisfies Record<string, readonly ChatType[]>;
export type ChatField = keyof typeof FIELDS;
export const isChatField = (value: unknown): value is ChatField => typeof value === 'string' && Object.hasOwn(FIELDS, value);

/** What a refused form says, field by field, in the person's language. */
export type FieldErrors = Partial<Record<ChatField, string>>;

/** The chat type as people call it: the short name in lists, the long one where the type is chosen. */
export function typeName(words: Words, type: string): string {
  const { t } = words;
  switch (type) {
    case 'dingtalk': return t('chats.typeDingtalk');
    case 'lark': return t('chats.typeLark');
    case 'dingtalk-webhook': return t('chats.typeDingtalkWebhook');
    case 'lark-webhook': return t('chats.typeLarkWebhook');
    case 'wecom-webhook': return t('chats.typeWecomWebhook');
    default: return type;
  }
}

function typeChoice(words: Words, type: ChatType): { label: string; hint: string } {
  const { t } = words;
  switch (type) {
    case 'dingtalk': return { label: t('chats.typeDingtalk'), hint: t('chats.typeDingtalkHint') };
    case 'lark': return { label: t('chats.typeLark'), hint: t('chats.typeLarkHint') };
    case 'dingtalk-webhook': return { label: t('chats.typeDingtalkWebhook'), hint: t('chats.typeDingtalkWebhookHint') };
    case 'lark-webhook': return { label: t('chats.typeLarkWebhook'), hint: t('chats.typeLarkWebhookHint') };
    case 'wecom-webhook': return { label: t('chats.typeWecomWebhook'), hint: t('chats.typeWecomWebhookHint') };
  }
}

/** Each field's name as the form labels it, which is how an error names it. */
export function fieldName(words: Words, field: ChatField): string {
  const { t } = words;
  switch (field) {
    case 'name': return t('chats.fieldName');
    case 'type': return t('chats.fieldType');
    case 'conversationId': return t('chats.fieldConversationId');
    case 'chatId': return t('chats.fieldChatId');
    case 'app': return t('chats.fieldApp');
    case 'webhook': return t('chats.fieldWebhook');
    case 'secret': return t('chats.fieldSecret');
    case 'keywords': return t('chats.fieldKeywords');
    case 'format': return t('chats.fieldFormat');
    case 'publish': return t('chats.fieldPublish');
    case 'dailyStats': return t('chats.fieldDailyStats');
  }
}

function publishLabel(words: Words, kind: (typeof PUBLISH_KINDS)[number]): string {
  const { t } = words;
  switch (kind) {
    case 'escalations': return t('chats.publishEscalations');
    case 'assignments': return t('chats.publishAssignments');
    case 'acknowledgements': return t('chats.publishAcknowledgements');
    case 'resolutions': return t('chats.publishResolutions');
    case 'comments': return t('chats.publishComments');
  }
}

/** The short name of a publish kind, as the chats list shows what a chat hears. */
export function publishName(words: Words, kind: (typeof PUBLISH_KINDS)[number]): string {
  const { t } = words;
  switch (kind) {
    case 'escalations': return t('chats.kindEscalations');
    case 'assignments': return t('chats.kindAssignments');
    case 'acknowledgements': return t('chats.kindAcknowledgements');
    case 'resolutions': return t('chats.kindResolutions');
    case 'comments': return t('chats.kindComments');
  }
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/i;
const LIMITS = { id: 200, webhook: 2000, secret: 500, keyword: 100, keywords: 10, dailyStats: 24 } as const;

export interface CheckedChatForm {
  /** The chat as the registry takes it: only the chosen type's fields. */
  input: Record<string, unknown>;
  errors: FieldErrors;
}

/**
 * Reads and checks a posted chat form: only the chosen type's fields are read (the others are on
 * the page too, hidden, and are not this chat's business), and every refusal names its field.
 * `editing` is the stored chat: its name is fixed, and its saved webhook is kept when left empty.
 */
export function checkChatForm(form: URLSearchParams, words: Words, editing?: { name: string; type: string }): CheckedChatForm {
  const { t } = words;
  const errors: FieldErrors = {};
  const refuse = (field: ChatField, text: string) => {
    errors[field] ??= text;
  };
  const get = (key: ChatField) => form.get(key)?.trim() || undefined;
  const label = (field: ChatField) => fieldName(words, field);
  const required = (field: ChatField) => refuse(field, t('chats.errorRequired', { field: label(field) }));
  const tooLong = (field: ChatField, max: number) => refuse(field, t('chats.errorTooLong', { field: label(field), max }));

  const typeText = get('type');
  if (typeText === undefined) refuse('type', t('chats.errorTypeMissing'));
  else if (!isChatType(typeText)) refuse('type', t('chats.errorTypeUnknown'));
  const type = isChatType(typeText) ? typeText : undefined;

  const name = editing ? editing.name : get('name');
  if (editing) {
    const posted = get('name');
    if (posted !== undefined && posted !== editing.name) refuse('name', t('chats.errorRename', { name: editing.name }));
  } else if (name === undefined) required('name');
  else if (!NAME.test(name)) refuse('name', t('chats.errorNameRule'));

  const input: Record<string, unknown> = { ...(name !== undefined && { name }), ...(type && { type }) };
  const id = (field: 'conversationId' | 'chatId') => {
    const value = get(field);
    if (value === undefined) required(field);
    else if (value.length > LIMITS.id) tooLong(field, LIMITS.id);
    input[field] = value;
  };
  const app = () => {
    const value = get('app');
    if (value !== undefined && !NAME.test(value)) refuse('app', t('chats.errorAppRule'));
    // The form shows the field, so an emptied one clears the app (null), not keeps it as an API update would.
    input.app = value ?? null;
  };
  const webhook = () => {
    const value = get('webhook');
    // Left empty on edit of the same type: the saved URL (never shown) is kept.
    const keeps = editing !== undefined && editing.type === type;
    if (value === undefined) {
      if (!keeps) required('webhook');
      input.webhook = '';
      return;
    }
    if (value.length > LIMITS.webhook) tooLong('webhook', LIMITS.webhook);
    else if (!/^https?:$/.test(URL.canParse(value) ? new URL(value).protocol : '')) refuse('webhook', t('chats.errorWebhookUrl'));
    else if (type === 'wecom-webhook' && !new URL(value).searchParams.has('key')) refuse('webhook', t('chats.errorWebhookWecomKey'));
    input.webhook = value;
  };
  if (type === 'dingtalk') {
    id('conversationId');
    app();
  } else if (type === 'lark') {
    id('chatId');
    app();
  } else if (type === 'wecom-webhook') {
    webhook();
    const format = get('format');
    if (format !== undefined && format !== 'template_card' && format !== 'markdown') refuse('format', t('chats.errorFormat'));
    if (format !== undefined) input.format = format;
  } else if (type) {
    webhook();
    const secret = get('secret');
    if (secret !== undefined && secret.length > LIMITS.secret) tooLong('secret', LIMITS.secret);
    else if (secret !== undefined && type === 'dingtalk-webhook' && !secret.startsWith('SEC')) refuse('secret', t('chats.errorSecretSec'));
    input.secret = secret ?? '';
    const keywords = (get('keywords') ?? '').split(/[,，]/).map((k) => k.trim()).filter(Boolean);
    if (keywords.length > LIMITS.keywords) refuse('keywords', t('chats.errorKeywordsCount', { max: LIMITS.keywords }));
    else if (keywords.some((k) => k.length > LIMITS.keyword)) tooLong('keywords', LIMITS.keyword);
    input.keywords = keywords;
  }

  // Which changes are posted and when statistics arrive; only from a form that showed those fields.
  if (form.has('messageSettings')) {
    const publish = form.getAll('publish');
    const unknown = publish.find((kind) => !PUBLISH_KINDS.includes(kind as (typeof PUBLISH_KINDS)[number]));
    if (unknown !== undefined) refuse('publish', t('chats.errorPublish'));
    const times = (form.get('dailyStats') ?? '').split(/[,，]/).map((time) => time.trim()).filter(Boolean);
    const wrong = times.find((time) => parseClock(time) === undefined);
    if (wrong !== undefined) refuse('dailyStats', t('chats.errorDailyStats', { value: wrong.slice(0, 20) }));
    else if (times.length > LIMITS.dailyStats) refuse('dailyStats', t('chats.errorDailyStatsCount', { max: LIMITS.dailyStats }));
    input.publish = [...new Set(publish)];
    input.dailyStats = times;
  }
  return { input, errors };
}

export interface ChatFormOptions {
  csrf: string;
  words: Words;
  action: string;
  /** The stored chat, on edit: its name is fixed, its secrets never come back into the page. */
  chat?: ChatJson;
  /** What was posted, when the form comes back refused. */
  values?: Record<string, unknown>;
  errors?: FieldErrors;
}

/**
 * Create and edit share one form: the chat type first, then only that type's fields (CSS `:has()`
 * hides the others; without it every field shows, each group saying which type it is for, and the
 * server reads only the chosen type's). Works without scripts. Secrets are never put back into the page.
 */
export function chatForm(options: ChatFormOptions): string {
  const { words } = options;
  const { t } = words;
  const errors = options.errors ?? {};
  const current: Record<string, unknown> = { ...options.chat, ...options.values };
  const value = (key: string) => (typeof current[key] === 'string' ? escapeHtml(current[key] as string) : '');
  const editing = options.chat !== undefined;
  const keywords = Array.isArray(current.keywords) ? escapeHtml(current.keywords.join(', ')) : value('keywords');
  const describedBy = (field: ChatField, hint: boolean) => {
    const ids = [...(errors[field] ? [`error-${field}`] : []), ...(hint ? [`hint-${field}`] : [])];
    return `${ids.length ? ` aria-describedby="${ids.join(' ')}"` : ''}${errors[field] ? ' aria-invalid="true"' : ''}`;
  };
  const errorText = (field: ChatField) => (errors[field] ? `<p class="field-error" id="error-${field}">${escapeHtml(errors[field])}</p>` : '');
  const forTypes = (field: ChatField) => `field for ${FIELDS[field].map((type) => `for-${type}`).join(' ')}${errors[field] ? ' invalid' : ''}`;
  /** One labelled input with its hint and, when refused, its error next to it. */
  const input = (field: ChatField, attributes: string, hint: string) => `<div class="${forTypes(field)}">
<label for="${field}">${escapeHtml(fieldName(words, field))}</label>${errorText(field)}
<input id="${field}" name="${field}" ${attributes}${describedBy(field, hint !== '')}>${hint ? `<p class="hint" id="hint-${field}">${escapeHtml(hint)}</p>` : ''}</div>`;

  const types = CHAT_TYPES.map((type) => {
    const { label, hint } = typeChoice(words, type);
    const invalid = errors.type ? ' aria-invalid="true"' : '';
    return `<div class="type-choice"><input type="radio" name="type" id="type-${type}" value="${type}"${current.type === type ? ' checked' : ''}${invalid} aria-describedby="${errors.type ? 'error-type ' : ''}hint-type-${type}"><label for="type-${type}">${escapeHtml(label)}</label> <span class="hint" id="hint-type-${type}">${escapeHtml(hint)}</span></div>`;
  }).join('');
  const name = editing
    ? `<div class="field"><span class="label">${escapeHtml(t('chats.fieldName'))}</span> <strong class="fixed-name">${value('name')}</strong> <span class="hint">${escapeHtml(t('chats.nameFixed'))}</span>${errorText('name')}</div>`
    : input('name', `type="text" required maxlength="63" pattern="[A-Za-z0-9][A-Za-z0-9_\\-]{0,62}" autocomplete="off" spellcheck="false" value="${value('name')}"`, t('chats.nameHint'));
  const secretHint = editing
    ? (current.hasSecret ? t('chats.secretHintSaved') : t('chats.secretHintEdit'))
    : t('chats.secretHint');
  const formats = [
    ['template_card', t('chats.formatTemplateCard')],
    ['markdown', t('chats.formatMarkdown')],
  ] as const;
  return `<form method="post" action="${options.action}" class="panel chat-form" novalidate>${csrfField(options.csrf)}
<fieldset class="plain types${errors.type ? ' invalid' : ''}"${errors.type ? ' aria-describedby="error-type"' : ''}><legend class="label">${escapeHtml(t('chats.fieldType'))}</legend>${errorText('type')}${types}
<p class="hint pick-type">${escapeHtml(t('chats.pickTypeFirst'))}</p></fieldset>
${name}
${input('conversationId', `type="text" autocomplete="off" spellcheck="false" value="${value('conversationId')}"`, t('chats.conversationIdHint'))}
${input('chatId', `type="text" autocomplete="off" spellcheck="false" value="${value('chatId')}"`, t('chats.chatIdHint'))}
${input('app', `type="text" autocomplete="off" spellcheck="false" value="${typeof current.app === 'string' ? value('app') : ''}"`, t('chats.appHint'))}
${input('webhook', 'type="url" autocomplete="off" spellcheck="false" value=""', editing ? t('chats.webhookHintEdit') : t('chats.webhookHint'))}
${input('secret', 'type="password" autocomplete="off" value=""', secretHint)}
${input('keywords', `type="text" value="${keywords}"`, t('chats.keywordsHint'))}
<div class="${forTypes('format')}"><label for="format">${escapeHtml(t('chats.fieldFormat'))}</label>${errorText('format')}
<select id="format" name="format"${describedBy('format', false)}>${formats.map(([format, label]) => `<option value="${format}"${current.format === format ? ' selected' : ''}>${escapeHtml(label)}</option>`).join('')}</select></div>
${messageFields(words, current, errors, forTypes)}
<p><button type="submit" class="primary">${escapeHtml(editing ? t('chats.save') : t('chats.create'))}</button> <a href="/console/chats" class="button">${escapeHtml(t('chats.cancel'))}</a></p></form>`;
}

/** The publish checkboxes and daily statistics times; new chats start with the config defaults. */
function messageFields(words: Words, current: Record<string, unknown>, errors: FieldErrors, forTypes: (field: ChatField) => string): string {
  const { t } = words;
  const publish = Array.isArray(current.publish) ? current.publish : ['escalations', 'assignments'];
  const times = Array.isArray(current.dailyStats) ? current.dailyStats.join(', ') : typeof current.dailyStats === 'string' ? current.dailyStats : '';
  const boxes = PUBLISH_KINDS.map(
    (kind) => `<label class="check"><input type="checkbox" name="publish" value="${kind}"${publish.includes(kind) ? ' checked' : ''}${errors.publish ? ' aria-invalid="true" aria-describedby="error-publish"' : ''}> ${escapeHtml(publishLabel(words, kind))}</label>`,
  ).join('');
  const error = (field: ChatField) => (errors[field] ? `<p class="field-error" id="error-${field}">${escapeHtml(errors[field])}</p>` : '');
  return `<fieldset class="${forTypes('dailyStats')}"><legend>${escapeHtml(t('chats.messagesLegend'))}</legend><input type="hidden" name="messageSettings" value="1">
<fieldset class="plain${errors.publish ? ' invalid' : ''}"${errors.publish ? ' aria-describedby="error-publish"' : ''}><legend class="label">${escapeHtml(t('chats.fieldPublish'))}</legend>${error('publish')}${boxes}</fieldset>
<label for="dailyStats">${escapeHtml(t('chats.fieldDailyStats'))}</label>${error('dailyStats')}
<input id="dailyStats" name="dailyStats" type="text" value="${escapeHtml(times)}" aria-describedby="${errors.dailyStats ? 'error-dailyStats ' : ''}hint-dailyStats"${errors.dailyStats ? ' aria-invalid="true"' : ''}>
<p class="hint" id="hint-dailyStats">${escapeHtml(t('chats.dailyStatsHint'))}</p></fieldset>`;
}
