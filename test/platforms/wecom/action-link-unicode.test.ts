import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionLinkKey, signActionLink } from '../../../src/domain/action-link.js';
import { startWeComServer, type WeComServerHandle } from '../../../src/sandbox/wecom/server.js';
import { startTestGong, type TestGong } from '../../helpers/gong.js';
import { rawRequest } from '../../helpers/raw-http.js';
import { alertDetail, postAlert, SOURCE } from '../dingtalk/gong-fixture.js';

/**
 * People type their names on an action link's page in their own script. Any Unicode is a name;
 * only what Postgres cannot store is refused, with a 400 naming the field and nothing applied.
 */
describe('action-link pages take any name', () => {
  let wecom: WeComServerHandle;
  let gong: TestGong;

  const link = (alertId: number, action: string, args: Record<string, string> = {}) =>
    `/a/${signActionLink({ alertId, action, args, chat: 'ops-wecom' }, actionLinkKey(gong.adminToken))}`;
  const post = (path: string, body: string, cookie?: string) =>
    rawRequest(gong.url, {
      path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie && { cookie }) },
      body,
    });
  /** Submits the form and, as a browser does, follows its redirect to the result page (keeping the POST's cookies). */
  const submit = async (path: string, body: string, cookie?: string) => {
    const posted = await post(path, body, cookie);
    if (posted.status !== 303) return posted;
    const result = await rawRequest(gong.url, { method: 'GET', path: String(posted.headers.location) });
    return { ...result, headers: { ...result.headers, 'set-cookie': posted.headers['set-cookie'] } };
  };

  beforeAll(async () => {
    wecom = await startWeComServer({ robots: [{ key: 'unicode-robot-key' }] });
    gong = await startTestGong({
      sources: [SOURCE],
      config: { locale: 'zh-CN', chats: [{ name: 'ops-wecom', type: 'wecom-webhook', webhook: wecom.webhook('unicode-robot-key') }] },
    });
  });

  afterAll(async () => {
    await gong?.close();
    await wecom?.stop();
  });

  const names = [
    ['Chinese', '王芳'],
    ['emoji with joiners', '👩🏽‍🚒 Ana'],
    ['right-to-left', 'مريم'],
    ['combining marks', 'Zoe\u0308 Åse'],
  ] as const;

  for (const [kind, name] of names) {
    it(`acknowledges with a ${kind} name, shows it, and offers it again next time`, async () => {
      const id = await postAlert(gong, { title: `Name test ${kind}`, severity: 'warning' });
      const done = await submit(link(id, 'ack'), `actor=${encodeURIComponent(name)}`);
      expect(done.status, done.text).toBe(200);
      expect(done.text).toContain(name);
      const alert = await alertDetail(gong, id);
      expect(alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: name });
      expect(alert.timeline.at(-1)).toMatchObject({ type: 'acknowledged', actor: name, platform: 'wecom' });

      // The remembered name comes back on the next page exactly as typed.
      const cookie = String(done.headers['set-cookie']?.find((c) => c.startsWith('gong_actor='))).split(';')[0]!;
      const next = await rawRequest(gong.url, { method: 'GET', path: link(id, 'resolve'), headers: { cookie } });
      expect(next.status).toBe(200);
      expect(next.text).toContain(`value="${name}"`);
    });
  }

  it('assigns to a Chinese name (the person assigns themselves)', async () => {
    const id = await postAlert(gong, { title: 'Assign in Chinese', severity: 'warning' });
    const done = await submit(link(id, 'assign'), `actor=${encodeURIComponent('王芳')}`);
    expect(done.status, done.text).toBe(200);
    expect(await alertDetail(gong, id)).toMatchObject({ assignee: '王芳' });
  });

  it('keeps a long name whole up to its last full character (an emoji is never cut in half)', async () => {
    const id = await postAlert(gong, { title: 'Long name', severity: 'warning' });
    const name = `${'x'.repeat(99)}😀`;
    const done = await submit(link(id, 'ack'), `actor=${encodeURIComponent(name)}`);
    expect(done.status, done.text).toBe(200);
    expect((await alertDetail(gong, id)).acknowledgedBy).toBe('x'.repeat(99));
  });

  it('refuses a name Postgres cannot store with a 400 naming the field, and applies nothing', async () => {
    const id = await postAlert(gong, { title: 'NUL name', severity: 'warning' });
    for (const body of ['actor=Wang%00Fang', 'actor=Wang&x%00=1']) {
      const refused = await submit(link(id, 'ack'), body);
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toContain('text/html');
      expect(refused.text).toMatch(/(actor|\(a field name\)): contains a NUL character/);
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
    const alert = await alertDetail(gong, id);
    expect(alert.state).toBe('triggered');
    expect(alert.timeline.map((event) => event.type)).toEqual(['opened']);
  });

  it('shows the page when the remembered-name cookie is garbage', async () => {
    const id = await postAlert(gong, { title: 'Garbage cookie', severity: 'warning' });
    const page = await rawRequest(gong.url, { method: 'GET', path: link(id, 'ack'), headers: { cookie: 'gong_actor=%E0%A4%A' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('value=""');
  });
});
