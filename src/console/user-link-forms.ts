import type { ParsedConfig } from '../config/schema.js';
import { escapeHtml } from '../http/html.js';
import { namedApps } from '../config/app-configs.js';
import type { ChatPlatform } from '../people/match-user.js';
import { csrfField } from './layout.js';

type Config = Pick<ParsedConfig, 'users' | 'dingtalk' | 'lark'>;
export interface Account {
  platform: ChatPlatform;
  app: string;
  id: string;
}

/** Each app as `platform:app`; a platform with no app configured (the sandbox's) links to its default app. */
function appOptions(config: Config): string {
  return (['lark', 'dingtalk'] as const)
    .flatMap((platform) => {
      const apps = namedApps(config[platform], platform).map((app) => app.name);
      return (apps.length ? apps : [platform]).map((app) => `<option value="${escapeHtml(`${platform}:${app}`)}">${platform === 'lark' ? 'Lark' : 'DingTalk'} / ${escapeHtml(app)}</option>`);
    })
    .join('');
}

const userOptions = (config: Config) => config.users.map((user) => `<option>${escapeHtml(user.name)}</option>`).join('');
const hidden = (account: Account) =>
  `<input type="hidden" name="app" value="${escapeHtml(`${account.platform}:${account.app}`)}"><input type="hidden" name="id" value="${escapeHtml(account.id)}">`;

/** Links any account, seen or not yet (an id copied from the platform's admin page). */
export function linkForm(config: Config, csrf: string): string {
  return `<form method="post" action="/console/users/link" class="filters panel" aria-labelledby="link-heading">${csrfField(csrf)}
<h2 id="link-heading" class="sr">Link a chat account</h2>
<div><label for="link-user">User</label><select id="link-user" name="user" required>${userOptions(config)}</select></div>
<div><label for="link-app">App</label><select id="link-app" name="app" required>${appOptions(config)}</select></div>
<div><label for="link-id">Account id <span class="hint">(Lark open_id, DingTalk userId)</span></label><input id="link-id" name="id" type="text" required autocomplete="off" spellcheck="false"></div>
<div><button type="submit" class="primary">Link account</button></div></form>`;
}

/** On a row of someone seen but linked to nobody: pick the user they are. */
export function linkSeenForm(config: Config, csrf: string, account: Account, n: number): string {
  const label = `link-seen-${n}`;
  return `<form method="post" action="/console/users/link" class="inline">${csrfField(csrf)}${hidden(account)}
<label for="${label}" class="sr">User for ${escapeHtml(account.id)}</label><select id="${label}" name="user">${userOptions(config)}</select>
<button type="submit">Link<span class="sr"> ${escapeHtml(account.id)}</span></button></form>`;
}

/** On a link made by hand (the CLI or this page); the config file's links are the file's to undo. */
export function unlinkForm(csrf: string, user: string, account: Account): string {
  return `<form method="post" action="/console/users/unlink" class="inline">${csrfField(csrf)}${hidden(account)}<input type="hidden" name="user" value="${escapeHtml(user)}">
<button type="submit" class="danger">Unlink<span class="sr"> ${escapeHtml(account.id)} from ${escapeHtml(user)}</span></button></form>`;
}

/** The form's `platform:app` and id, as the shared link code takes them. */
export function accountFromForm(form: URLSearchParams): { user: string; platform: string; app: string; id: string } {
  const [platform = '', app = ''] = (form.get('app') ?? '').split(':', 2);
  return { user: form.get('user') ?? '', platform, app, id: form.get('id') ?? '' };
}
