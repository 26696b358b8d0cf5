import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGong, type TestGong } from '../helpers/gong.js';

let gong: TestGong;
beforeAll(async () => {
  gong = await startTestGong({
    sources: [{ name: 'am', type: 'alertmanager', token: 'preview-source-token' }],
    config: { chats: [{ name: 'robot', type: 'dingtalk-webhook', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=t', locale: 'en', labels: { include: ['team'] } }] },
  });
});
afterAll(() => gong?.close());

async function preview(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${gong.url}/api/v1/templates/preview`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gong.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/v1/templates/preview', () => {
  it('renders what the chat would receive, in its locale and with its labels', async () => {
    const { status, json } = await preview({ chat: 'robot', alert: { title: 'Disk *full*', severity: 'warning', labels: { team: 'db', host: 'h1' } } });
    expect(status).toBe(200);
    expect(json).toMatchObject({ chat: 'robot', type: 'dingtalk-webhook' });
    const messages = json.messages as Record<string, { text: string }>;
    expect(Object.keys(messages).every((name) => name.startsWith('dingtalk-webhook/'))).toBe(true);
    expect(Object.keys(messages)).toContain('dingtalk-webhook/notice-stats');
    const alert = messages['dingtalk-webhook/alert-markdown']!.text;
    expect(alert).toContain('### 🟠 #42 Disk &#42;full&#42;');
    expect(alert).toContain('- team=db');
    expect(alert).not.toContain('host');
    expect(alert).toContain('**Source**');
    expect(messages['dingtalk-webhook/notice-stats']!.text).toContain('Daily statistics');
  });
  it('previews a chat saved through the API in its own locale and labels, as it would receive them', async () => {
    await gong.api('/api/v1/chats', { body: { name: 'saved', type: 'dingtalk-webhook', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=s', locale: 'en', labels: { include: ['team'] } } });
    const { status, json } = await preview({ chat: 'saved', alert: { labels: { team: 'db', host: 'h1' } } });
    expect(status).toBe(200);
    const alert = (json.messages as Record<string, { text: string }>)['dingtalk-webhook/alert-markdown']!.text;
    expect(alert).toContain('**Source**');
    expect(alert).toContain('- team=db');
    expect(alert).not.toContain('host');
  });
  it('previews an incident of several alerts: its counts and each alert by the labels that tell it apart', async () => {
    const alerts = [
      { labels: { team: 'db', host: 'h1' } },
      { labels: { team: 'db', host: 'h2' }, status: 'resolved' },
      { labels: { team: 'db', host: 'h3' }, severity: 'warning' },
    ];
    const { status, json } = await preview({ chat: 'robot', alert: { title: 'Disk full', alerts } });
    expect(status).toBe(200);
    const alert = (json.messages as Record<string, { text: string }>)['dingtalk-webhook/alert-markdown']!.text;
    expect(alert).toContain('**2 firing · 1 resolved · 3 alerts**\n\n- 🔴 host=h1\n- 🟠 host=h3\n- ✅ host=h2\n');
    expect((await preview({ chat: 'robot', alert: { alerts: [{ labels: {} }] } })).json.error).toMatch(/^alert\.alerts: /);
  });
  it('answers 404 for an unknown chat, 400 for a bad alert, 401 without the admin token', async () => {
    expect(await preview({ chat: 'nope', alert: {} })).toEqual({ status: 404, json: { error: 'there is no chat named "nope"' } });
    expect((await preview({ chat: 'robot', alert: { severity: 'fatal' } })).json.error).toMatch(/^alert\.severity: /);
    expect((await preview({ alert: {} })).status).toBe(400);
    const anonymous = await fetch(`${gong.url}/api/v1/templates/preview`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
  });
});
