import type { ChatJson } from '../chats/chat-json.js';
import { PUBLISH_KINDS } from '../config/routing-schema.js';
import { escapeHtml } from '../http/html.js';
import { csrfField } from './layout.js';

const TYPES = [
  ['dingtalk', 'DingTalk group (app robot, interactive cards)'],
  ['lark', 'Lark group (app bot, interactive cards)'],
  ['dingtalk-webhook', 'DingTalk custom robot (webhook)'],
  ['lark-webhook', 'Lark custom bot (webhook)'],
  ['wecom-webhook', 'WeCom group robot (webhook)'],
] as const;

const PUBLISH_LABELS: Record<(typeof PUBLISH_KINDS)[number], string> = {
  escalations: 'Escalations (with @-mentions)',
  assignments: 'Assignments (mentioning the assignee)',
  acknowledgements: 'Acknowledgements',
  resolutions: 'Resolutions (with the note)',
  comments: 'Comments',
};

/** The fields a chat of each type takes, from a submitted form (empty fields left out). */
export function chatInputFromForm(form: URLSearchParams): Record<string, unknown> {
  const get = (key: string) => form.get(key)?.trim() || undefined;
  const type = get('type');
  const common = { ...(get('name') && { name: get('name') }), ...(type && { type }), ...messageSettings(form) };
  // The form shows every field, so an emptied one is cleared (null), not kept as an update would.
  if (type === 'dingtalk') return { ...common, conversationId: get('conversationId'), app: get('app') ?? null };
  if (type === 'lark') return { ...common, chatId: get('chatId'), app: get('app') ?? null };
  if (type === 'wecom-webhook') return { ...common, webhook: get('webhook') ?? '', ...(get('format') && { format: get('format') }) };
  const keywords = (get('keywords') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  return { ...common, webhook: get('webhook') ?? '', secret: get('secret') ?? '', keywords };
}

/** Which changes are posted and when statistics arrive; only from a form that showed those fields. */
function messageSettings(form: URLSearchParams): Record<string, unknown> {
  if (!form.has('messageSettings')) return {};
  const dailyStats = (form.get('dailyStats') ?? '').split(',').map((time) => time.trim()).filter(Boolean);
  return { publish: form.getAll('publish'), dailyStats };
}

/**
 * Create and edit share one form; every type's fields are shown (it works without scripts), each
 * saying which type it belongs to. Secrets are never put back into the page.
 */
export function chatForm(options: { csrf: string; chat?: ChatJson; values?: Record<string, unknown>; action: string }): string {
  const current: Record<string, unknown> = { ...options.chat, ...options.values };
  const value = (key: string) => (typeof current[key] === 'string' ? escapeHtml(current[key] as string) : '');
  const editing = options.chat !== undefined;
  const keywords = Array.isArray(current.keywords) ? escapeHtml(current.keywords.join(', ')) : value('keywords');
  return `<form method="post" action="${options.action}" class="panel">${csrfField(options.csrf)}
<label for="name">Name <span class="hint">(letters, digits, - and _; used in routes)</span></label>
<input id="name" name="name" type="text" required pattern="[A-Za-z0-9][A-Za-z0-9_-]{0,62}" value="${value('name')}"${editing ? ' readonly aria-readonly="true"' : ''}>
<label for="type">Type</label>
<select id="type" name="type">${TYPES.map(([t, label]) => `<option value="${t}"${current.type === t ? ' selected' : ''}>${label}</option>`).join('')}</select>
<fieldset><legend>DingTalk group</legend>
<label for="conversationId">Open conversation id <span class="hint">(openConversationId, starts with cid)</span></label>
<input id="conversationId" name="conversationId" type="text" value="${value('conversationId')}"></fieldset>
<fieldset><legend>Lark group</legend>
<label for="chatId">Chat id <span class="hint">(starts with oc_)</span></label>
<input id="chatId" name="chatId" type="text" value="${value('chatId')}"></fieldset>
<fieldset><legend>DingTalk or Lark group app</legend>
<label for="app">App name <span class="hint">(only when several apps are configured)</span></label>
<input id="app" name="app" type="text" value="${typeof current.app === 'string' ? value('app') : ''}"></fieldset>
<fieldset><legend>Custom robot, bot or WeCom group robot (webhook)</legend>
<label for="webhook">Webhook URL <span class="hint">${editing ? '(write-only: leave empty to keep the saved one)' : '(contains its token; never shown again)'}</span></label>
<input id="webhook" name="webhook" type="url" autocomplete="off" value="">
<label for="secret">Signing secret <span class="hint">${editing ? `(${current.hasSecret ? 'one is saved; ' : ''}leave empty to keep)` : '(optional; DingTalk secrets start with SEC)'}</span></label>
<input id="secret" name="secret" type="password" autocomplete="off" value="">
<label for="keywords">Keywords <span class="hint">(comma separated; the robot's keyword whitelist)</span></label>
<input id="keywords" name="keywords" type="text" value="${keywords}"></fieldset>
<fieldset><legend>WeCom group robot</legend>
<label for="format">Card format <span class="hint">(its robot URL, with the key, goes in the field above)</span></label>
<select id="format" name="format">${[['template_card', 'Template card (text notice, three action links)'], ['markdown', 'Markdown (every action link)']].map(([f, label]) => `<option value="${f}"${current.format === f ? ' selected' : ''}>${label}</option>`).join('')}</select></fieldset>
${messageFields(current)}<p><button type="submit" class="primary">${editing ? 'Save changes' : 'Create chat'}</button> <a href="/console/chats" class="button">Cancel</a></p></form>`;
}

/** The publish checkboxes and daily statistics times; new chats start with the config defaults. */
function messageFields(current: Record<string, unknown>): string {
  const publish = Array.isArray(current.publish) ? current.publish : ['escalations', 'assignments'];
  const times = Array.isArray(current.dailyStats) ? current.dailyStats.join(', ') : typeof current.dailyStats === 'string' ? current.dailyStats : '';
  const boxes = PUBLISH_KINDS.map(
    (kind) => `<label class="check"><input type="checkbox" name="publish" value="${kind}"${publish.includes(kind) ? ' checked' : ''}> ${PUBLISH_LABELS[kind]}</label>`,
  ).join('');
  return `<fieldset><legend>Messages besides the card</legend><input type="hidden" name="messageSettings" value="1">
<fieldset class="plain"><legend class="label">Publish these changes as messages in the group</legend>${boxes}</fieldset>
<label for="dailyStats">Daily statistics at <span class="hint">(24-hour HH:MM, comma separated, e.g. 09:00, 18:00; empty for none)</span></label>
<input id="dailyStats" name="dailyStats" type="text" value="${escapeHtml(times)}"></fieldset>`;
}
