import type { GuardedRouter } from '../../shared/guarded-router.js';
import { alertStats } from '../../alerts/stats.js';
import { barChart } from '../bar-chart.js';
import { dailyCounts } from '../../alerts/daily-counts.js';
import { type ConsolePage, layout } from '../layout.js';
import type { Db } from '../../db/client.js';
import { formatDuration } from '../../domain/duration.js';
import { escapeHtml } from '../../http/html.js';

const DAYS = 14;

/** Statistics: incidents per day over two weeks with their alerts, MTTA / MTTR of those incidents, the noisiest alerts. */
export function consoleStatsRoutes(router: GuardedRouter, deps: { db: Db; timezone: string }, page: ConsolePage): void {
  router.get('/stats', page.signedIn, async (ctx) => {
    const now = new Date();
    const [days, figures] = await Promise.all([
      dailyCounts(deps.db, deps.timezone, DAYS, now),
      alertStats(deps.db, new Date(now.getTime() - DAYS * 86_400_000), now),
    ]);
    const ms = (value: number | null) => (value === null ? '—' : formatDuration(value));
    const figure = (label: string, value: string) => `<div class="figure"><span class="muted">${label}</span><b>${escapeHtml(value)}</b></div>`;
    ctx.type = 'html';
    ctx.body = layout(
      { title: 'Statistics', section: 'stats', words: page.words(ctx), path: ctx.url, csrf: page.csrf(ctx), sandbox: page.sandbox },
      `<h1>Statistics <span class="muted">(last ${DAYS} days)</span></h1>
<div class="figures">${figure('Incidents', String(figures.total))}${figure('Resolved', String(figures.resolved))}${figure('Unresolved', String(figures.unresolved))}${figure('Alerts in them', String(figures.alerts))}
${figure('MTTA (mean time to acknowledge)', ms(figures.mttaMs))}${figure('MTTR (mean time to resolve)', ms(figures.mttrMs))}</div>
<h2 id="per-day">Incidents per day</h2><div class="panel">${barChart(days.map((d) => ({ label: d.day, value: d.incidents })), `Incidents per day, last ${DAYS} days`)}
<details><summary>As a table</summary><table aria-labelledby="per-day"><thead><tr><th scope="col">Day</th><th scope="col">Incidents</th><th scope="col">Alerts</th></tr></thead><tbody>
${days.map((d) => `<tr><td>${d.day}</td><td>${d.incidents}</td><td>${d.alerts}</td></tr>`).join('')}</tbody></table></details></div>
<h2>Noisiest alerts</h2>${figures.noisiest.length ? `<table><thead><tr><th scope="col">Title</th><th scope="col">Times fired</th></tr></thead><tbody>${figures.noisiest.map((n) => `<tr><td>${escapeHtml(n.title)}</td><td>${n.count}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">No alerts in this period.</p>'}`,
    );
  });
}
