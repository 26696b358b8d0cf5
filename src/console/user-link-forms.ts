import type { ParsedConfig } from '../config/schema.js';
import { escapeHtml } from '../http/html.js';
import { namedApps } from '../config/app-configs.js';
import type { ChatPlatform } from '../people/match-user.js';
import { csrfField } from './layout.js';
import type { Words } from './words.js';

type Config = Pick<ParsedConfig, 'users' | 'dingtalk' | 'lark'>;
export interface Account {
  platform: ChatPlatform;
  app: string;
  id: string;
}

/** The platform as people call it. */
export function platformName(words: Words, platform: string): string {
  const { t } = words;
  return platform === 'lark' ? t('users.platformLark') : platform === 'dingtalk' ? t('users.platformDingtalk') : platform;
}

/** Each app as `platform:app`; a platform with no app configured (the sandbox's) links to its default app. */
export function linkableApps(config: Config): { value: string; platform: ChatPlatform; app: string }[] {
  return (['lark', 'dingtalk'] as const).flatMap((platform) => {
    const apps = namedApps(config[platform], platform).map((app) => app.name);
    return (apps.length ? apps : [platform]).map((app) => ({ value: `${platform}:${app}`, platform, app }));
  });
}

function appOptions(config: Config, words: Words): string {
  return linkableApps(config)
    .map(({ value, platform, app }) => `<option value="${escapeHtml(value)}">${escapeHtml(platformName(words, platform))} / ${escapeHtml(app)}</option>`)
    .join('');
}

const userOptions = (config: Config) => config.users.map((user) => `<option>${escapeHtml(user.name)}</option>`).join('');
const hidden = (account: Account) =>
  `<input type="hidden" name="app" value="${escapeHtml(`${account.platform}:${account.app}`)}"><input type="hidden" name="id" value="${escapeHtml(account.id)}">`;

/** Links any account, seen or not yet (an id copied from the platform's admin page). */
export function linkForm(config: Config, csrf: string, words: Words): string {
  const { t } = words;
  return `<form method="post" action="/console/users/link" class="filters panel" aria-labelledby="link-heading">${csrfField(csrf)}
<h2 id="link-heading" class="sr">${escapeHtml(t('users.linkHeading'))}</h2>
<div><label for="link-user">${escapeHtml(t('users.fieldUser'))}</label><select id="link-user" name="user" required>${userOptions(config)}</select></div>
<div><label for="link-app">${escapeHtml(t('users.fieldApp'))}</label><select id="link-app" name="app" required>${appOptions(config, words)}</select></div>
<div><label for="link-id">${escapeHtml(t('users.fieldId'))} <span class="hint">${escapeHtml(t('users.idHint'))}</span></label><input id="link-id" name="id" type="text" required maxlength="200" autocomplete="off" spellcheck="false"></div>
<div><button type="submit" class="primary">${escapeHtml(t('users.link'))}</button></div></form>`;
}

/** On a row of someone seen but linked to nobody: pick the user they are. */
export function linkSeenForm(config: Config, csrf: string, account: Account, n: number, words: Words): string {
  const { t } = words;
  const label = `link-seen-${n}`;
  return `<form method="post" action="/console/users/link" class="inline">${csrfField(csrf)}${hidden(account)}
<label for="${label}" class="sr">${escapeHtml(t('users.userFor', { id: account.id }))}</label><select id="${label}" name="user">${userOptions(config)}</select>
<button type="submit" aria-label="${escapeHtml(t('users.linkLabel', { id: account.id }))}">${escapeHtml(t('users.linkShort'))}</button></form>`;
}

/** On a link made by hand (the CLI or this page); the config file's links are the file's to undo. */
export function unlinkForm(csrf: string, user: string, account: Account, words: Words): string {
  const { t } = words;
  return `<form method="post" action="/console/users/unlink" class="inline">${csrfField(csrf)}${hidden(account)}<input type="hidden" name="user" value="${escapeHtml(user)}">
<button type="submit" class="danger" aria-label="${escapeHtml(t('users.unlinkLabel', { id: account.id, user }))}">${escapeHtml(t('users.unlink'))}</button></form>`;
}

const MAX_ID = 200;

/**
 * The form's user, `platform:app` and id, checked as the page offers them: every refusal names
 * its field in the person's language (`user`, `app`, `id`). `anyApp` accepts an app no longer
 * configured (an unlink of an old link), which the shared link code then judges.
 */
export function accountFromForm(form: URLSearchParams, config: Config, words: Words, anyApp = false): { user: string; platform: string; app: string; id: string } | { error: string } {
  const { t } = words;
  const user = form.get('user')?.trim() ?? '';
  const appValue = form.get('app')?.trim() ?? '';
  const id = form.get('id')?.trim() ?? '';
  if (!user) return { error: t('users.errorUserMissing') };
  if (!config.users.some((u) => u.name === user)) return { error: t('users.errorUserUnknown', { user: user.slice(0, 100) }) };
  const [platform = '', app = ''] = appValue.split(':', 2);
  const offered = linkableApps(config).some((option) => option.value === appValue);
  if (!offered && !(anyApp && (platform === 'lark' || platform === 'dingtalk') && /^[a-z0-9][a-z0-9_-]{0,62}$/i.test(app))) return { error: t('users.errorApp') };
  if (!id) return { error: t('users.errorIdMissing') };
  if (id.length > MAX_ID) return { error: t('users.errorIdTooLong', { max: MAX_ID }) };
  return { user, platform, app, id };
}
