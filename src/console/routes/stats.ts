import type { GuardedRouter } from '../../shared/guarded-router.js';
import { alertStats } from '../../alerts/stats.js';
import { barChart } from '../bar-chart.js';
import { dailyCounts } from '../../alerts/daily-counts.js';
import { type ConsolePage, layout } from '../layout.js';
import type { Db } from '../../db/client.js';
import { durationText } from '../console-time.js';
import { escapeHtml } from '../../http/html.js';

const DAYS = 14;

/** Statistics: incidents per day over two weeks (days of the configured zone) with their alerts, MTTA / MTTR of those incidents, the noisiest alerts. */
export function consoleStatsRoutes(router: GuardedRouter, deps: { db: Db; timezone: string }, page: ConsolePage): void {
  router.get('/stats', page.signedIn, async (ctx) => {
    const words = page.words(ctx);
    const { t } = words;
    const e = (text: string) => escapeHtml(text);
    const now = new Date();
    const [days, figures] = await Promise.all([
      dailyCounts(deps.db, deps.timezone, DAYS, now),
      alertStats(deps.db, new Date(now.getTime() - DAYS * 86_400_000), now),
    ]);
    const ms = (value: number | null) => (value === null ? t('stats.none') : durationText(value, words));
    const figure = (label: string, value: string) => `<div class="figure"><span class="muted">${e(label)}</span><b>${e(value)}</b></div>`;
    ctx.type = 'html';
    ctx.body = layout(
      { title: t('stats.title'), section: 'stats', words, path: ctx.url, csrf: page.csrf(ctx), sandbox: page.sandbox },
      `<h1>${e(t('stats.title'))} <span class="muted">${e(t('stats.lastDays', { days: DAYS }))}</span></h1>
<div class="figures">${figure(t('stats.incidents'), String(figures.total))}${figure(t('stats.resolved'), String(figures.resolved))}${figure(t('stats.unresolved'), String(figures.unresolved))}${figure(t('stats.alerts'), String(figures.alerts))}
${figure(t('stats.mtta'), ms(figures.mttaMs))}${figure(t('stats.mttr'), ms(figures.mttrMs))}</div>
<h2 id="per-day">${e(t('stats.perDay'))}</h2><div class="panel"><p class="muted">${e(t('stats.zoneNote', { zone: deps.timezone }))}</p>${barChart(days.map((d) => ({ label: d.day, value: d.incidents })), t('stats.chartTitle', { days: DAYS }))}
<details><summary>${e(t('stats.asTable'))}</summary><table aria-labelledby="per-day"><thead><tr><th scope="col">${e(t('stats.day'))}</th><th scope="col">${e(t('stats.incidents'))}</th><th scope="col">${e(t('stats.alerts'))}</th></tr></thead><tbody>
${days.map((d) => `<tr><td>${d.day}</td><td>${d.incidents}</td><td>${d.alerts}</td></tr>`).join('')}</tbody></table></details></div>
<h2>${e(t('stats.noisiest'))}</h2>${figures.noisiest.length ? `<table><thead><tr><th scope="col">${e(t('stats.alertTitle'))}</th><th scope="col">${e(t('stats.timesFired'))}</th></tr></thead><tbody>${figures.noisiest.map((n) => `<tr><td>${e(n.title)}</td><td>${n.count}</td></tr>`).join('')}</tbody></table>` : `<p class="muted">${e(t('stats.noAlerts'))}</p>`}`,
    );
  });
}
