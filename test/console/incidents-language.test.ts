import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleCookie, startTestGong, type TestGong } from '../helpers/gong.js';

// The configured locale is Chinese (the default) and the zone Shanghai (UTC+8, no DST): an alert
// that started at 00:46 UTC reads 08:46 on every page, and the pages say which zone that is.
const SOURCE = { name: 'k8s', type: 'generic' as const, token: 'incidents-language-token' };
const ZONE = 'Asia/Shanghai';
const STARTED = '2026-01-05T00:46:00.000Z';

let gong: TestGong;
let session: string;
let id: number;

beforeAll(async () => {
  gong = await startTestGong({ sources: [SOURCE], config: { timezone: ZONE }, sandbox: true });
  session = await consoleCookie(gong);
});
afterAll(async () => {
  await gong?.close();
});

/** A console reader with their own cookies: the session, the language they chose, the flash of their last form. */
function reader(language?: 'en' | 'zh-CN') {
  const cookies = new Map<string, string>([['gong_session', session.split('=')[1]!]]);
  if (language) cookies.set('gong_console_locale', language);
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (value) cookies.set(name, value);
      else cookies.delete(name);
    }
  };
  return {
    async get(path: string) {
      const response = await fetch(`${gong.url}${path}`, { headers: { cookie: header() }, redirect: 'manual' });
      keep(response);
      return { status: response.status, html: await response.text() };
    },
    /** Posts a form as the page does (with its CSRF token); a redirect is followed as the browser would, flash and all. */
    async post(path: string, fields: Record<string, string>) {
      const page = await this.get(path.replace(/\/(act|merge|split)$/, ''));
      const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.html)![1]!;
      const response = await fetch(`${gong.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
      keep(response);
      if (response.status === 302) return this.get(response.headers.get('location')!);
      return { status: response.status, html: await response.text() };
    },
  };
}

/** What people read: the page without its tags, style and attributes. */
const text = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const flash = (html: string) => /<p role="status" class="flash (?:ok|error)">([^<]*)<\/p>/.exec(html)?.[1];
const timeline = (html: string) => text(/<ol class="timeline">([\s\S]*?)<\/ol>/.exec(html)![1]!).trim();
const events = async () => (await gong.api<{ timeline: unknown[] }>(`/api/v1/incidents/${id}/timeline`)).timeline.length;
/** HH:MM of an instant on Shanghai's clock, found independently of Gong's own formatting. */
const shanghaiClock = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(11, 16);

// English words moved to the message files: none of them may be left on a Chinese page.
const ENGLISH = ['Incidents', 'Timeline', 'Acknowledge', 'Snooze', 'Assign', 'Severity', 'Opened', 'Resolve', 'Comment', 'Merge', 'firing', 'Alerts', 'Sign out', 'Times are'];

describe('the console incident pages, in the reader language and the configured zone', () => {
  it('explain a first run: the sandbox and the curl line for a first alert; a filter that matches nothing offers to clear it', async () => {
    const zh = await reader().get('/console/incidents');
    expect(zh.status).toBe(200);
    expect(text(zh.html)).toContain('还没有故障');
    expect(zh.html).toContain('<a class="button primary" href="/sandbox">打开沙盒</a>');
    expect(zh.html).toMatch(new RegExp(`<pre><code>curl -X POST http://[^ ]+/hooks/${SOURCE.name} `));
    for (const word of ENGLISH) expect(text(zh.html), word).not.toContain(word);

    const filtered = await reader('en').get('/console/incidents?q=nothing-like-this');
    expect(text(filtered.html)).toContain('No incidents match.');
    expect(filtered.html).toContain('<a href="/console/incidents">Clear the filter</a>');
    expect(filtered.html).not.toContain('class="button primary" href="/sandbox"');
    expect(filtered.html).not.toContain('curl -X POST');
  });

  it('show the list and the incident page in Chinese by default, with times on the zone clock and the zone named', async () => {
    id = (await gong.hook([{ title: 'DiskFull', severity: 'critical', startsAt: STARTED, labels: { alertname: 'DiskFull', node: 'node-7' } }])).opened[0]!;
    const zh = reader();
    const list = await zh.get('/console/incidents');
    expect(list.html).toContain('<html lang="zh-CN">');
    expect(list.html).toContain(`<th scope="col">开始时间（${ZONE}）</th>`);
    expect(text(list.html)).toMatch(new RegExp(`#${id} DiskFull 严重 告警中 1 / 1`));

    const page = await zh.get(`/console/incidents/${id}`);
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain(`本页时间均为 ${ZONE} 时间。`);
    expect(page.html).toContain(`<time datetime="${STARTED}">2026-01-05 08:46</time>`);
    expect(timeline(page.html)).toMatch(/^k8s 报告了故障 · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    // The timeline's time is the instant it keeps for machines, on Shanghai's clock.
    const [, at, shown] = /<ol class="timeline"><li>.*?<time datetime="([^"]+)">([^<]+)<\/time>/.exec(page.html)!;
    expect(shown!.slice(11)).toBe(shanghaiClock(at!));
    for (const word of ['时间线', '操作', '认领', '静默', '分配给', '发表评论', '解决说明']) expect(text(page.html), word).toContain(word);
    for (const word of ENGLISH) expect(text(page.html), word).not.toContain(word);
  });

  it('switch to English with the language cookie', async () => {
    const switched = await fetch(`${gong.url}/console/language/en?back=/console/incidents/${id}`, { redirect: 'manual', headers: { cookie: session } });
    const choice = switched.headers.getSetCookie().find((c) => c.startsWith('gong_console_locale='))!.split(';')[0]!;
    const page = await fetch(`${gong.url}/console/incidents/${id}`, { headers: { cookie: `${session}; ${choice}` } }).then((r) => r.text());
    expect(page).toContain('<html lang="en">');
    expect(text(page)).toContain(`Times are in ${ZONE}.`);
    expect(page).toContain(`<time datetime="${STARTED}">2026-01-05 08:46</time>`);
    expect(timeline(page)).toMatch(/^Opened by k8s · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    for (const word of ['Timeline', 'Acknowledge', 'Snooze for', 'Assign to', 'Add comment', 'Resolve note']) expect(text(page), word).toContain(word);
    const list = await fetch(`${gong.url}/console/incidents`, { headers: { cookie: `${session}; ${choice}` } }).then((r) => r.text());
    expect(list).toContain(`<th scope="col">Opened (${ZONE})</th>`);
  });

  it('say what a snooze did, on the zone clock, in the flash and on the timeline', async () => {
    const en = reader('en');
    const done = await en.post(`/console/incidents/${id}/act`, { action: 'snooze', duration: '2h' });
    const until = (await gong.api<{ snoozedUntil: string }>(`/api/v1/incidents/${id}`)).snoozedUntil;
    const clock = shanghaiClock(until);
    expect(flash(done.html)).toMatch(new RegExp(`^Snoozed until (\\d{4}-\\d\\d-\\d\\d )?${clock}$`));
    expect(timeline(done.html)).toMatch(new RegExp(`admin snoozed it for 2 h, until (\\d{4}-\\d\\d-\\d\\d )?${clock} · console · (\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d$`));
    const zh = await reader().get(`/console/incidents/${id}`);
    expect(timeline(zh.html)).toMatch(new RegExp(`admin 将故障静默 2 小时，至 (\\d{4}-\\d\\d-\\d\\d )?${clock} · 控制台 · `));
    const lifted = await reader().post(`/console/incidents/${id}/act`, { action: 'unsnooze' });
    expect(flash(lifted.html)).toBe('已取消静默');
  });

  it('take a comment, and refuse a missing or too long one with a 400 naming the field, changing nothing', async () => {
    const en = reader('en');
    const before = await events();
    const missing = await en.post(`/console/incidents/${id}/act`, { action: 'comment', text: '   ' });
    expect(missing.status).toBe(400);
    expect(flash(missing.html)).toBe('Comment: write something first.');
    expect(missing.html).toMatch(/<textarea id="comment-text" name="text"[^>]* aria-invalid="true" autofocus>/);
    const long = 'x'.repeat(2001);
    const tooLong = await reader().post(`/console/incidents/${id}/act`, { action: 'comment', text: long });
    expect(tooLong.status).toBe(400);
    expect(flash(tooLong.html)).toBe('评论：最多 2000 个字符，当前 2001 个。');
    // What was typed stays in the field, to be shortened rather than typed again.
    expect(tooLong.html).toContain(`>${long}</textarea>`);
    const badSnooze = await en.post(`/console/incidents/${id}/act`, { action: 'snooze', duration: 'forever' });
    expect([badSnooze.status, flash(badSnooze.html)]).toEqual([400, 'Snooze for: choose a duration such as 30m, 2h or 1d.']);
    const noOne = await en.post(`/console/incidents/${id}/act`, { action: 'assign', user: '' });
    expect([noOne.status, flash(noOne.html)]).toEqual([400, 'Assign to: enter who takes it (at most 200 characters).']);
    const unknown = await en.post(`/console/incidents/${id}/act`, { action: 'explode' });
    expect(unknown.status).toBe(400);
    expect(await events()).toBe(before);

    const added = await en.post(`/console/incidents/${id}/act`, { action: 'comment', text: 'Disk grew <fast> after the deploy' });
    expect(flash(added.html)).toBe('Comment added to the timeline');
    expect(added.html).toContain('<strong>admin</strong> commented: “Disk grew &lt;fast&gt; after the deploy”');
    expect(await events()).toBe(before + 1);
  });

  it('refuse a merge without an incident number with a 400 naming the field, and ask before merging, in Chinese', async () => {
    const zh = reader();
    const bad = await zh.post(`/console/incidents/${id}/merge`, { from: 'abc' });
    expect([bad.status, flash(bad.html)]).toEqual([400, '合并：请填写要合并到本故障的故障编号，例如 43。']);
    expect(bad.html).toMatch(/<input id="from" [^>]*value="abc" aria-invalid="true" autofocus>/);
    const other = (await gong.hook([{ title: 'Lag', severity: 'info', labels: { alertname: 'Lag' } }])).opened[0]!;
    const ask = await zh.post(`/console/incidents/${id}/merge`, { from: String(other) });
    expect(ask.status).toBe(200);
    expect(text(ask.html)).toContain(`把 #${other} 合并到 #${id}？`);
    expect(text(ask.html)).toContain('确认合并');
    for (const word of ['Merge', 'Confirm', 'Cancel', 'alerts', 'into']) expect(text(ask.html), word).not.toContain(word);
    expect((await gong.api<{ mergedInto: number | null }>(`/api/v1/incidents/${other}`)).mergedInto).toBeNull();
    const split = await reader('en').post(`/console/incidents/${id}/split`, { alert: '' });
    expect([split.status, flash(split.html)]).toEqual([400, 'Split: choose the alert to move out.']);
  });

  it('assign, resolve with a note, and say why a later action is refused', async () => {
    const en = reader('en');
    expect(flash((await en.post(`/console/incidents/${id}/act`, { action: 'assign', user: 'dave' })).html)).toBe('Assigned to dave');
    const tooLong = await en.post(`/console/incidents/${id}/act`, { action: 'resolve', note: 'n'.repeat(2001) });
    expect([tooLong.status, flash(tooLong.html)]).toEqual([400, 'Resolve note: at most 2000 characters; this one has 2001.']);
    expect((await gong.api<{ state: string }>(`/api/v1/incidents/${id}`)).state).toBe('triggered');

    const zh = reader();
    const resolved = await zh.post(`/console/incidents/${id}/act`, { action: 'resolve', note: '扩容了 /var' });
    expect(flash(resolved.html)).toBe('已解决，说明已记入时间线');
    expect(timeline(resolved.html)).toContain('admin 解决了故障：“扩容了 /var” · 控制台');
    expect(text(resolved.html)).toMatch(/已解决 admin 于 \d\d:\d\d 解决/);
    const refused = await zh.post(`/console/incidents/${id}/act`, { action: 'ack' });
    expect(flash(refused.html)).toMatch(/^admin 已于 \d\d:\d\d 解决$/);
    expect(flash((await en.post(`/console/incidents/${id}/act`, { action: 'ack' })).html)).toMatch(/^Already resolved by admin at \d\d:\d\d$/);
  });

  it('answer an unknown incident and the statistics in the reader language', async () => {
    const missing = await reader().get('/console/incidents/999999');
    expect(missing.status).toBe(404);
    expect(text(missing.html)).toContain('没有故障 #999999');
    const stats = await reader().get('/console/stats');
    expect(text(stats.html)).toContain(`按 ${ZONE} 时间划分日期。`);
    for (const word of ['Statistics', 'Incidents per day', 'Noisiest', 'MTTA (mean']) expect(text(stats.html), word).not.toContain(word);
    expect(text((await reader('en').get('/console/stats')).html)).toContain('Incidents per day');
  });
});
