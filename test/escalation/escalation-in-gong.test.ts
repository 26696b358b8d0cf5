import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/domain/signature.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type LarkGong, startGongWithLark } from '../helpers/lark-gong.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const APP = { appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 'lark-secret-1' };
const ALICE = { openId: 'ou_alice', name: 'Alice' };
const BOB = { openId: 'ou_bob', name: 'Bob' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const SECRET = 'whsec-escalation-0123456789';

let lark: LarkServer;
let gong: TestGong;
let receiver: WebhookReceiver;
let running: LarkGong;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  running = await startGongWithLark({
    app: APP,
    sources: [SOURCE],
    server: {
      chats: [
        { chatId: 'oc_ops', name: 'ops', members: [ALICE, BOB] },
        { chatId: 'oc_mgmt', name: 'managers', members: [ALICE, BOB] },
      ],
    },
    config: () => ({
      chats: [
        { name: 'ops', type: 'lark', chatId: 'oc_ops', publish: ['escalations', 'assignments', 'resolutions'] },
        { name: 'managers', type: 'lark', chatId: 'oc_mgmt' },
      ],
      users: [{ name: 'alice', lark: ALICE.openId }, { name: 'bob', lark: BOB.openId }],
      schedules: [{ name: 'primary', rotation: { users: ['bob'], start: '2026-01-05', period: 'weekly' } }],
      escalations: [
        {
          name: 'fast',
          steps: [
            { after: '0m', mention: ['alice'], webhook: 'pager' },
            { after: '4s', mention: ['schedule:primary'], notify: ['managers'], urgent: 'app' },
          ],
        },
        { name: 'slow', steps: [{ after: '0m', mention: ['alice'] }, { after: '25s', mention: ['bob'] }] },
        { name: 'timeout', steps: [{ after: '0m', mention: ['alice'] }, { after: '20s', mention: ['bob'] }], ackTimeout: '2s' },
      ],
      webhooks: [
        { name: 'pager', url: `${receiver.url}/pager`, secret: SECRET },
        { name: 'audit', url: `${receiver.url}/audit`, secret: SECRET, events: ['alert.opened', 'alert.acknowledged', 'alert.resolved'] },
      ],
      routes: [
        { match: 'policy="timeout"', chats: ['ops'], escalation: 'timeout' },
        { match: 'policy="fast"', chats: ['ops'], escalation: 'fast' },
        { match: 'policy="slow"', chats: ['ops'], escalation: 'slow' },
        { chats: ['ops'] },
      ],
    }),
  });
  ({ lark, gong } = running);
});

afterAll(async () => {
  await running?.close();
  await receiver?.stop();
});

async function fire(title: string, labels: Record<string, string>): Promise<number> {
  return (await gong.hook({ title, severity: 'critical', labels: { host: title, ...labels } })).opened[0]!;
}

type Card = { header: { title: { content: string } }; body: { elements: { tag: string; content?: string }[] } };
const parse = (content: string) => JSON.parse(content) as Card;
const cardOf = (chatId: string, alertId: number) =>
  lark.chatMessages(chatId).find((m) => !m.rootId && m.msgType === 'interactive' && parse(m.content).header.title.content.includes(`#${alertId} `));
const repliesUnder = (chatId: string, messageId: string) => lark.chatMessages(chatId).filter((m) => m.rootId === messageId);
const text = (content: string) => parse(content).body.elements.map((e) => e.content ?? '').join('\n');
const escalationNotices = (chatId: string, alertId: number) =>
  lark.chatMessages(chatId).filter((m) => parse(m.content).header.title.content.startsWith('Escalated') && text(m.content).includes(`#${alertId} `));
const timeline = async (id: number) => (await gong.api<{ state: string; timeline: { type: string; actor: string; details: Record<string, unknown> }[] }>(`/api/v1/alerts/${id}`));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('escalation steps in the group', () => {
  it('mentions, threads, buzzes, notifies more chats, calls the step webhook and updates every card', async () => {
    const id = await fire('db-down', { policy: 'fast' });
    const card = await waitFor('the card', async () => cardOf('oc_ops', id));

    const first = await waitFor('step 1 under the card', async () => repliesUnder('oc_ops', card.messageId).find((m) => parse(m.content).header.title.content === 'Escalated to step 1'));
    expect(text(first.content)).toMatch(new RegExp(`^<at id=ou_alice></at> #${id} db-down — unacknowledged for`));

    const pager = await waitFor('the step webhook', async () => receiver.calls.find((c) => c.path === '/pager' && JSON.parse(c.body).alert.id === id));
    const body = JSON.parse(pager.body) as { event: string; alert: { id: number; state: string }; details: { step: number; mentions: string[] } };
    expect(body).toMatchObject({ event: 'alert.escalated', alert: { id, state: 'triggered' }, details: { step: 1, mentions: ['alice'] } });
    expect(verifySignature(SECRET, pager.body, String(pager.headers['x-gong-signature']), new Date())).toBe(true);
    expect(verifySignature('wrong-secret-0123456789', pager.body, String(pager.headers['x-gong-signature']), new Date())).toBe(false);

    // Step 2: the on-call of `primary` (bob), the managers chat gets the card and the notice, bob is buzzed.
    const second = await waitFor('step 2', async () => repliesUnder('oc_ops', card.messageId).find((m) => parse(m.content).header.title.content === 'Escalated to step 2'), 15_000);
    expect(text(second.content)).toContain('<at id=ou_bob></at>');
    const managersCard = await waitFor('the card in managers', async () => cardOf('oc_mgmt', id));
    await waitFor('step 2 in managers', async () => repliesUnder('oc_mgmt', managersCard.messageId).find((m) => parse(m.content).header.title.content === 'Escalated to step 2'));
    await waitFor('the urgent buzz', async () => lark.urgents.find((u) => u.messageId === second.messageId && u.kind === 'app' && u.openIds.join() === 'ou_bob'));
    await waitFor('the escalation line on the card', async () => (text(lark.message(card.messageId)!.content).includes('Escalated to step 2: @bob') ? true : undefined));

    const events = (await timeline(id)).timeline.filter((e) => e.type === 'escalated');
    expect(events.map((e) => e.details.step)).toEqual([1, 2]);
    expect(escalationNotices('oc_ops', id)).toHaveLength(2);
  });

  it('stops the chain when someone acknowledges between two steps', async () => {
    const id = await fire('cache-miss', { policy: 'slow' });
    const card = await waitFor('the card', async () => cardOf('oc_ops', id));
    await waitFor('step 1', async () => (escalationNotices('oc_ops', id).length === 1 ? true : undefined));
    const answer = await lark.click({ appId: APP.appId, openId: ALICE.openId, messageId: card.messageId, value: { action: 'ack', alertId: String(id) } });
    expect(answer.toast?.type).toBe('success');
    const alert = await gong.api<{ openedAt: string; acknowledgedAt: string }>(`/api/v1/alerts/${id}`);
    const stepTwoDue = Date.parse(alert.openedAt) + 25_000;
    // Otherwise the machine was too slow for this test to mean anything.
    expect(Date.parse(alert.acknowledgedAt)).toBeLessThan(stepTwoDue);
    await sleep(Math.max(0, stepTwoDue + 3_000 - Date.now()));
    expect(escalationNotices('oc_ops', id)).toHaveLength(1);
    expect((await timeline(id)).timeline.filter((e) => e.type === 'escalated')).toHaveLength(1);
    // Her open_id is configured: the click is the user alice's, whatever Lark calls her.
    const audit = receiver.calls.filter((c) => c.path === '/audit').map((c) => JSON.parse(c.body) as { event: string; alert: { id: number }; actor: { name: string } });
    expect(audit.filter((c) => c.alert.id === id).map((c) => `${c.event} ${c.actor.name}`)).toEqual(['alert.opened custom', 'alert.acknowledged alice']);
  });

  it('returns an acknowledgement that timed out to triggered and resumes with the next step', async () => {
    const id = await fire('queue-full', { policy: 'timeout' });
    await waitFor('step 1', async () => (escalationNotices('oc_ops', id).length === 1 ? true : undefined));
    const acked = await gong.api<{ alert: { openedAt: string; acknowledgedAt: string } }>(`/api/v1/alerts/${id}/actions`, { body: { action: 'ack', actor: 'carol' } });
    expect(Date.parse(acked.alert.acknowledgedAt) - Date.parse(acked.alert.openedAt)).toBeLessThan(20_000);
    const back = await waitFor('the ack timeout', async () => {
      const alert = await timeline(id);
      return alert.state === 'triggered' && alert.timeline.some((e) => e.type === 'unacknowledged') ? alert : undefined;
    });
    expect(back.timeline.find((e) => e.type === 'unacknowledged')!.actor).toBe('ack timeout');
    await waitFor('step 2 after resuming', async () => (escalationNotices('oc_ops', id).length === 2 ? true : undefined), 45_000);
    expect((await timeline(id)).timeline.filter((e) => e.type === 'escalated').map((e) => e.details.step)).toEqual([1, 2]);
  });
});

describe('publishing changes', () => {
  it('posts assignments and resolutions into a chat that publishes them, and nothing for acks', async () => {
    const id = await fire('plain', {});
    const card = await waitFor('the card', async () => cardOf('oc_ops', id));
    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'ack', actor: 'carol' } });
    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'assign', actor: 'carol', args: { user: 'bob' } } });
    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'resolve', actor: 'carol', args: { note: 'fixed' } } });
    const notices = await waitFor('two notices', async () => {
      const replies = repliesUnder('oc_ops', card.messageId);
      return replies.length >= 2 ? replies : undefined;
    });
    await sleep(1_500);
    // Notices run side by side, so they may land in either order.
    expect(repliesUnder('oc_ops', card.messageId).map((m) => text(m.content)).sort()).toEqual([
      '<at id=ou_bob></at> Assigned to **bob** by carol',
      'Resolved by carol: fixed',
    ]);
    expect(notices.every((m) => m.sender.type === 'app')).toBe(true);
    // No route escalates it: its card shows no escalation line.
    expect(text(lark.message(card.messageId)!.content)).not.toContain('Escalat');
  });
});
