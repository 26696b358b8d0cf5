import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import { startWeComServer, type WeComServerHandle } from '../../src/sandbox/wecom/server.js';
import { startTestGong, type TestGong, waitFor } from '../helpers/gong.js';
import { postAlert, SOURCE } from '../platforms/dingtalk/gong-fixture.js';

/** Chats saved from the API or console honour their own publish and daily statistics settings. */
describe('a chat saved at run time', () => {
  let wecom: WeComServerHandle;
  let gong: TestGong;
  const texts = (key: string) => wecom.messages(key).map((message) => JSON.stringify(message.body));

  beforeAll(async () => {
    wecom = await startWeComServer({ robots: [{ key: 'hears-comments' }, { key: 'default-publish' }] });
    gong = await startTestGong({ sources: [SOURCE], config: { locale: 'en', timezone: 'Asia/Shanghai' } });
    await gong.api('/api/v1/chats', {
      body: { name: 'comments', type: 'wecom-webhook', webhook: wecom.webhook('hears-comments'), format: 'markdown', publish: ['comments'], dailyStats: '07:45' },
    });
    await gong.api('/api/v1/chats', { body: { name: 'quiet', type: 'wecom-webhook', webhook: wecom.webhook('default-publish'), format: 'markdown' } });
  });

  afterAll(async () => {
    await gong?.close();
    await wecom?.stop();
  });

  it('gets the notices its publish setting asks for, and a chat that did not ask gets none', async () => {
    const id = await postAlert(gong, { title: 'Queue backlog', severity: 'warning' });
    await waitFor('both cards', async () => (texts('hears-comments').length > 0 && texts('default-publish').length > 0 ? true : undefined));
    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'comment', actor: 'Mei', args: { text: 'draining the backlog now' } } });
    await waitFor('the comment notice', async () => (texts('hears-comments').some((text) => text.includes('draining the backlog now')) ? true : undefined));
    // The quiet chat's card may be followed up, but no comment notice arrives there.
    await postAlert(gong, { title: 'Later alert', severity: 'info' });
    await waitFor('the later card', async () => (texts('default-publish').some((text) => text.includes('Later alert')) ? true : undefined));
    expect(texts('default-publish').filter((text) => text.includes('draining the backlog now'))).toEqual([]);
  });

  it('names its platform on the timeline when someone acts through its links', async () => {
    const id = await postAlert(gong, { title: 'Link clicked', severity: 'warning' });
    const posted = await waitFor('the card', async () => texts('hears-comments').find((text) => text.includes('Link clicked')));
    const ack = /\[Acknowledge\]\((https?:[^)]+)\)/.exec(JSON.parse(posted).markdown.content)![1]!;
    const local = `${gong.url}${new URL(ack).pathname}`;
    const done = await fetch(local, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'actor=Mei' });
    expect(done.status).toBe(200);
    const alert = await gong.api<{ timeline: { type: string; actor: string; platform: string }[] }>(`/api/v1/alerts/${id}`);
    expect(alert.timeline.at(-1)).toMatchObject({ type: 'acknowledged', actor: 'Mei', platform: 'wecom' });
  });

  it('has its daily statistics queued at its time', async () => {
    const jobs = await queryRows<{ data: { chat: string; clock: string } }>(
      gong.gong.context.database.db,
      sql`SELECT data FROM pgboss.job WHERE name = 'daily-stats' AND data->>'chat' = 'comments'`,
    );
    expect(jobs.map((job) => job.data)).toEqual([{ chat: 'comments', clock: '07:45' }]);
  });
});
