import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act } from '../../src/alerts/act.js';
import { dailyCounts } from '../../src/alerts/daily-counts.js';
import { ingestBatch } from '../../src/alerts/ingest.js';
import { mergeIncidents } from '../../src/alerts/regroup.js';
import type { NormalizedAlert } from '../../src/sources/normalized-alert.js';
import { consoleCookie, startTestGong, type TestGong } from '../helpers/gong.js';

const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const DAY = 86_400_000;

let gong: TestGong;
beforeAll(async () => {
  gong = await startTestGong({ sources: [SOURCE], config: { locale: 'en', timezone: 'UTC' } });
});
afterAll(async () => {
  await gong?.close();
});

function alert(fingerprint: string, group: string, title: string): NormalizedAlert {
  return { status: 'firing', fingerprint, group, title, severity: 'warning', labels: { alertname: title, pod: fingerprint }, annotations: {}, description: null, url: null, startsAt: new Date() };
}

describe('statistics of incidents', () => {
  it('count incidents (not those merged away) with MTTA and MTTR per incident, and the noisiest alerts over their alerts', async () => {
    const { database, jobs } = gong.gong.parts;
    const deps = { db: database.db, jobs, route: () => [], timeZone: 'UTC' };
    // Two days ago at midnight (UTC): inside the console's 14 days, and a day of its own.
    const t0 = new Date(Math.floor(Date.now() / DAY) * DAY - 2 * DAY);
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const alice = { name: 'alice', platform: 'api' as const };

    // A: three alerts (one notified twice); B: one alert; C: two alerts, merged into B later.
    const { opened } = await ingestBatch(
      deps,
      SOURCE.name,
      [alert('a1', 'a', 'DiskFull'), alert('a1', 'a', 'DiskFull'), alert('a2', 'a', 'DiskFull'), alert('a3', 'a', 'HighCPU'), alert('b1', 'b', 'HighCPU'), alert('c1', 'c', 'Lag'), alert('c2', 'c', 'Lag')],
      t0,
    );
    const [a, b, c] = opened;
    await act(deps, { alertId: a!, action: { type: 'ack' }, actor: alice }, at(2));
    await act(deps, { alertId: b!, action: { type: 'ack' }, actor: alice }, at(6));
    await act(deps, { alertId: a!, action: { type: 'resolve' }, actor: alice }, at(10));
    // C closes as merged at 25 minutes: were it counted, it would be a third incident and MTTR 21m40s.
    expect((await mergeIncidents(deps, { into: b!, from: c!, actor: alice }, at(25))).ok).toBe(true);
    await act(deps, { alertId: b!, action: { type: 'resolve' }, actor: alice }, at(30));
    // The next day: outside the period asked for.
    await ingestBatch(deps, SOURCE.name, [alert('d1', 'd', 'Later')], new Date(t0.getTime() + DAY + 3_600_000));

    const from = t0.toISOString();
    const to = new Date(t0.getTime() + DAY).toISOString();
    const stats = await gong.api<Record<string, unknown>>(`/api/v1/stats?from=${from}&to=${to}`);
    expect(stats).toEqual({
      from,
      to,
      total: 2,
      resolved: 2,
      unresolved: 0,
      mttaMs: 4 * 60_000,
      mttrMs: 20 * 60_000,
      alerts: 6,
      // Times fired, by the alerts' own titles: C's alerts count in B now.
      noisiest: [
        { title: 'DiskFull', count: 3 },
        { title: 'HighCPU', count: 2 },
        { title: 'Lag', count: 2 },
      ],
    });

    const days = await dailyCounts(database.db, 'UTC', 3, new Date(t0.getTime() + DAY + 7_200_000));
    expect(days).toEqual([
      { day: new Date(t0.getTime() - DAY).toISOString().slice(0, 10), incidents: 0, alerts: 0 },
      { day: from.slice(0, 10), incidents: 2, alerts: 6 },
      { day: to.slice(0, 10), incidents: 1, alerts: 1 },
    ]);

    // The console's statistics page shows the same figures.
    const cookie = await consoleCookie(gong);
    const page = await (await fetch(`${gong.url}/console/stats`, { headers: { cookie } })).text();
    expect(page).toContain('<span class="muted">Incidents</span><b>3</b>');
    expect(page).toContain('<span class="muted">Alerts in them</span><b>7</b>');
    expect(page).toContain(`<tr><td>${from.slice(0, 10)}</td><td>2</td><td>6</td></tr>`);
    expect(page).toMatch(/<tr><td>DiskFull<\/td><td>3<\/td><\/tr>/);
  });
});
