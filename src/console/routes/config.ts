import type { GuardedRouter } from '../../shared/guarded-router.js';
import { configSection } from '../config-tables.js';
import { onCallTable } from '../oncall-table.js';
import { onCallNow } from '../../people/oncall-now.js';
import { type ConsolePage, layout } from '../layout.js';
import { code, richText } from '../rich-text.js';
import type { Words } from '../words.js';
import type { RuntimeConfig } from '../../config/runtime-config.js';
import { formatMatcher } from '../../domain/parse-matchers.js';
import type { AppStatus } from '../../platforms/platform-runtime.js';
import { escapeHtml } from '../../http/html.js';

/** The config sections an admin reads here but edits in the file; unknown extra sections are shown too (under their key). */
const SECTIONS = ['routes', 'escalations', 'schedules', 'users', 'webhooks'] as const;
/** Shown elsewhere (chats) or not the admin's business here (secrets, server settings). */
const ELSEWHERE = new Set(['server', 'database', 'chats', 'dingtalk', 'lark', 'sources', 'generated', 'file', 'dataDir', 'timezone', 'locale', 'sandbox', 'sandboxChats']);

function sectionTitle(words: Words, key: string): string {
  const { t } = words;
  switch (key) {
    case 'routes': return t('config.routes');
    case 'escalations': return t('config.escalations');
    case 'schedules': return t('config.schedules');
    case 'users': return t('config.users');
    case 'webhooks': return t('config.webhooks');
    default: return key;
  }
}

function appState(words: Words, state: string): string {
  const { t } = words;
  switch (state) {
    case 'connecting': return t('config.stateConnecting');
    case 'connected': return t('config.stateConnected');
    case 'reconnecting': return t('config.stateReconnecting');
    case 'auth_failed': return t('config.stateAuthFailed');
    case 'failed': return t('config.stateFailed');
    case 'stopped': return t('config.stateStopped');
    case 'http': return t('config.stateHttp');
    default: return state;
  }
}

function platformName(words: Words, platform: AppStatus['platform']): string {
  const { t } = words;
  switch (platform) {
    case 'dingtalk': return t('config.platformDingtalk');
    case 'lark': return t('config.platformLark');
    case 'wecom': return t('config.platformWecom');
  }
}

/** Routes, escalation policies, schedules and users, read-only, with the file they came from. */
export function consoleConfigRoutes(router: GuardedRouter, deps: { config: RuntimeConfig; platformStatus: () => AppStatus[] }, page: ConsolePage): void {
  const { config } = deps;
  router.get('/config', page.signedIn, (ctx) => {
    const words = page.words(ctx);
    const { t } = words;
    // Matchers read as written in the file (`severity="critical"`), not as their parsed parts.
    const routes = config.routes.map((route) => ({ ...route, match: route.match.map(formatMatcher) }));
    const shown = { ...config, routes } as unknown as Record<string, unknown>;
    const known = new Set<string>(SECTIONS);
    const extra = Object.keys(shown).filter((key) => !known.has(key) && !ELSEWHERE.has(key));
    const body = (key: string) =>
      key === 'schedules'
        ? onCallTable(config.schedules, onCallNow(config), words)
        : shown[key] === undefined
          ? `<p class="muted">${richText([code(`${key}:`)], ([mark]) => t('config.notConfigured', { key: mark! }))}</p>`
          : configSection(shown[key], words);
    const sections = [...SECTIONS, ...extra]
      .map((key) => `<h2 id="${escapeHtml(key)}">${escapeHtml(sectionTitle(words, key))}</h2>${body(key)}`)
      .join('');
    const file = config.file ? code(config.file) : escapeHtml(t('config.noFile'));
    const sources = `<table class="stack"><thead><tr><th scope="col">${escapeHtml(t('config.sourceName'))}</th><th scope="col">${escapeHtml(t('config.sourceType'))}</th><th scope="col">${escapeHtml(t('config.sourceEndpoint'))}</th></tr></thead><tbody>${config.sources
      .map((s) => `<tr><th scope="row">${escapeHtml(s.name)}</th><td data-label="${escapeHtml(t('config.sourceType'))}">${escapeHtml(s.type)}</td><td data-label="${escapeHtml(t('config.sourceEndpoint'))}"><code>POST /hooks/${escapeHtml(s.name)}</code></td></tr>`)
      .join('')}</tbody></table>`;
    const platforms = deps.platformStatus();
    const appColumns = [t('config.appPlatform'), t('config.appName'), t('config.appState')];
    const apps = platforms.length
      ? `<table class="stack"><thead><tr>${appColumns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${platforms
          .map(
            (app) =>
              `<tr data-app="${escapeHtml(`${app.platform}:${app.app}`)}"><td data-label="${escapeHtml(appColumns[0]!)}">${escapeHtml(platformName(words, app.platform))}</td><td data-label="${escapeHtml(appColumns[1]!)}">${escapeHtml(app.app)}</td><td data-label="${escapeHtml(appColumns[2]!)}">${escapeHtml(appState(words, app.state))}${app.reason ? `<br><span class="delivery-error">${escapeHtml(app.reason)}</span>` : ''}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : `<p class="muted">${escapeHtml(t('config.noApps'))}</p>`;
    ctx.type = 'html';
    ctx.body = layout(
      { title: t('config.title'), section: 'config', words, path: ctx.url, csrf: page.csrf(ctx), sandbox: page.sandbox },
      `<h1>${escapeHtml(t('config.heading'))}</h1>
<p class="panel">${richText([file], ([mark]) => t('config.intro', { file: mark! }))}</p>
${sections}
<h2>${escapeHtml(t('config.sources'))}</h2>${sources}
<h2>${escapeHtml(t('config.apps'))}</h2>${apps}`,
    );
  });
}
