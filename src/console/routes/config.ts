import type { GuardedRouter } from '../../shared/guarded-router.js';
import { configSection } from '../config-tables.js';
import { onCallTable } from '../oncall-table.js';
import { onCallNow } from '../../people/oncall-now.js';
import { type ConsolePage, layout } from '../layout.js';
import type { RuntimeConfig } from '../../config/runtime-config.js';
import { formatMatcher } from '../../domain/parse-matchers.js';
import type { AppStatus } from '../../platforms/platform-runtime.js';
import { escapeHtml } from '../../http/html.js';

/** The config sections an admin reads here but edits in the file; unknown extra sections are shown too. */
const SECTIONS: [key: string, title: string][] = [
  ['routes', 'Routes'],
  ['escalations', 'Escalation policies'],
  ['schedules', 'Schedules'],
  ['users', 'Users'],
  ['webhooks', 'Outbound webhooks'],
];
/** Shown elsewhere (chats) or not the admin's business here (secrets, server settings). */
const ELSEWHERE = new Set(['server', 'database', 'chats', 'dingtalk', 'lark', 'sources', 'generated', 'file', 'dataDir', 'timezone', 'locale', 'sandbox']);

/** Routes, escalation policies, schedules and users, read-only, with the file they came from. */
export function consoleConfigRoutes(router: GuardedRouter, deps: { config: RuntimeConfig; platformStatus: () => AppStatus[] }, page: ConsolePage): void {
  const { config } = deps;
  router.get('/config', page.signedIn, (ctx) => {
    // Matchers read as written in the file (`severity="critical"`), not as their parsed parts.
    const routes = config.routes.map((route) => ({ ...route, match: route.match.map(formatMatcher) }));
    const shown = { ...config, routes } as unknown as Record<string, unknown>;
    const known = new Set(SECTIONS.map(([key]) => key));
    const extra = Object.keys(shown).filter((key) => !known.has(key) && !ELSEWHERE.has(key));
    const body = (key: string) =>
      key === 'schedules'
        ? onCallTable(config.schedules, onCallNow(config))
        : shown[key] === undefined
          ? `<p class="muted">None configured (<code>${escapeHtml(key)}:</code> in the config file).</p>`
          : configSection(shown[key]);
    const sections = [...SECTIONS, ...extra.map((key) => [key, key] as [string, string])]
      .map(([key, title]) => `<h2 id="${escapeHtml(key)}">${escapeHtml(title)}</h2>${body(key)}`)
      .join('');
    const platforms = deps.platformStatus();
    ctx.type = 'html';
    ctx.body = layout(
      { title: 'Routes & people', section: 'config', words: page.words(ctx), path: ctx.url, csrf: page.csrf(ctx), sandbox: page.sandbox },
      `<h1>Routes, escalations, schedules and users</h1>
<p class="panel">Read-only: these come from <strong>${escapeHtml(config.file ?? 'the built-in defaults (no config file)')}</strong>. Edit the file and restart Gong to change them.
Until routes are configured, every alert goes to every chat.</p>
${sections}
<h2>Sources</h2>${configSection(config.sources.map((s) => ({ name: s.name, type: s.type, endpoint: `POST /hooks/${s.name}` })))}
<h2>Chat platform apps</h2>${platforms.length ? configSection(platforms) : '<p class="muted">No DingTalk or Lark app is configured.</p>'}`,
    );
  });
}
