import { describe, expect, it, vi } from 'vitest';
import type { ChatConfig } from '../../src/config/schema.js';
import { createDispatch } from '../../src/interactions/dispatch.js';
import type { ButtonInteraction, CommandInteraction, LinkInteraction } from '../../src/platforms/transport.js';
import { memoryInteractions } from '../helpers/memory-interactions.js';

// Handlers through the one entry every transport uses, with the services in memory: no platform, no database.

const CHATS: ChatConfig[] = [
  { name: 'ops', type: 'dingtalk', conversationId: 'cidOps', app: 'dingtalk', publish: [], dailyStats: [] },
  { name: 'db', type: 'lark', chatId: 'oc_db', locale: 'zh-CN', publish: [], dailyStats: [] },
  { name: 'robot', type: 'wecom-webhook', webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', format: 'markdown', publish: [], dailyStats: [] },
  { name: 'robot-zh', type: 'wecom-webhook', webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=z', format: 'markdown', locale: 'zh-CN', publish: [], dailyStats: [] },
];
// Two DingTalk apps (ops names the first), one Lark app serving every Lark chat.
const APPS = { dingtalk: [{ name: 'dingtalk' }, { name: 'other-app' }], lark: { name: 'lark' } } as never;

const click = (over: Partial<ButtonInteraction> = {}): ButtonInteraction => ({
  kind: 'button',
  platform: 'dingtalk',
  actor: { platform: 'dingtalk', app: 'dingtalk', id: 'u-li', name: 'u-li' },
  target: { cardRef: 'gong-42-ops', group: 'cidOps' },
  action: 'ack',
  args: {},
  dedupeKey: 'msg-1',
  receivedAt: Date.now(),
  answerWithinMs: 2_000,
  ...over,
});

const command = (text: string, over: Partial<CommandInteraction> = {}): CommandInteraction => ({
  kind: 'command',
  platform: 'lark',
  actor: { platform: 'lark', app: 'lark', id: 'ou_mei', name: 'ou_mei' },
  target: { group: 'oc_db' },
  text,
  mentions: [],
  dedupeKey: 'ev-1',
  respond: vi.fn(async () => {}),
  ...over,
});

const link = (over: Partial<LinkInteraction> = {}): LinkInteraction => ({
  kind: 'link',
  platform: 'wecom',
  actor: { name: 'Li Lei' },
  target: { chat: 'robot', alertId: 42 },
  action: 'ack',
  args: {},
  ...over,
});

describe('dispatch: a button', () => {
  it('acts on the alert of the clicked card as the person behind the account, and answers in the card’s chat', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 42 }], cards: [{ alertId: 42, chat: 'ops', platform: 'dingtalk', ref: 'gong-42-ops' }], chats: CHATS, users: { 'u-li': 'Li Lei' }, config: APPS });
    const answer = await createDispatch(memory.deps)(click());
    expect(answer).toMatchObject({ ok: true, message: expect.stringContaining('Acknowledged by Li Lei'), view: { id: 42, state: 'acknowledged' } });
    expect(memory.acts).toEqual([expect.objectContaining({ alertId: 42, action: { type: 'ack' }, dedupeKey: 'dingtalk:msg-1', actor: expect.objectContaining({ name: 'Li Lei' }), origin: expect.objectContaining({ chat: 'ops' }) })]);
  });

  it('answers a redelivered click from the first outcome, acting once', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 42 }], cards: [{ alertId: 42, chat: 'ops', platform: 'dingtalk', ref: 'gong-42-ops' }], chats: CHATS, config: APPS });
    const dispatch = createDispatch(memory.deps);
    const [first, again] = [await dispatch(click()), await dispatch(click())];
    expect(again).toEqual(first);
    expect(memory.alert(42)?.version).toBe(2);
  });

  it('refuses a second ack with the reason, and still redraws the card', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 42 }], cards: [{ alertId: 42, chat: 'ops', platform: 'dingtalk', ref: 'gong-42-ops' }], chats: CHATS, config: APPS });
    const dispatch = createDispatch(memory.deps);
    await dispatch(click());
    const second = await dispatch(click({ dedupeKey: 'msg-2', actor: { platform: 'dingtalk', app: 'dingtalk', id: 'u-wang', name: 'Wang' } }));
    expect(second).toMatchObject({ ok: false, message: expect.stringContaining('already acknowledged by u-li'), view: { state: 'acknowledged' } });
  });

  it('knows no card it has no row for, nor one a click on another app names', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 42 }], cards: [{ alertId: 42, chat: 'ops', platform: 'dingtalk', ref: 'gong-42-ops' }], chats: CHATS, config: APPS });
    const dispatch = createDispatch(memory.deps);
    expect(await dispatch(click({ target: { cardRef: 'someone-elses', group: 'cidOps' } }))).toMatchObject({ ok: false, message: expect.stringContaining('does not know this card') });
    expect(await dispatch(click({ actor: { platform: 'dingtalk', app: 'other-app', id: 'u-li', name: 'Li' } }))).toMatchObject({ ok: false, message: expect.stringContaining('does not know this card') });
    expect(memory.acts).toEqual([]);
  });

  it('finds a card still being posted by the alert its key names, in the clicked group only', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 42 }], cards: [{ alertId: 42, chat: 'ops', platform: 'dingtalk', ref: '' }], chats: CHATS, config: APPS });
    const dispatch = createDispatch(memory.deps);
    expect(await dispatch(click({ target: { cardRef: 'gong-42-ops', group: 'cidElsewhere' } }))).toMatchObject({ ok: false });
    expect(await dispatch(click({ target: { cardRef: 'gong-42-ops', group: 'cidOps' } }))).toMatchObject({ ok: true });
  });

  it('finds a card whose handle is written down while the click looks it up', async () => {
    const card = { alertId: 7, chat: 'db', platform: 'lark' as const, ref: '' };
    const memory = memoryInteractions({ alerts: [{ id: 7 }], cards: [card], chats: CHATS, config: APPS });
    // Delivery writes the card's message_id down right after each card lookup of the click has read.
    const alerts = new Proxy(memory.deps.alerts, {
      get(target, name, receiver) {
        const method = Reflect.get(target, name, receiver) as unknown;
        if (typeof method !== 'function' || !String(name).startsWith('card') || name === 'cardAlerts') return method;
        return async (...args: unknown[]) => {
          const found = await (method as (...a: unknown[]) => Promise<unknown>)(...args);
          card.ref = 'om_7';
          return found;
        };
      },
    });
    const answer = await createDispatch({ ...memory.deps, alerts })(click({
      platform: 'lark',
      actor: { platform: 'lark', app: 'lark', id: 'ou_mei', name: 'Mei' },
      target: { cardRef: 'om_7', group: 'oc_db', alertId: 7 },
    }));
    expect(answer).toMatchObject({ ok: true });
  });

  it('assigns to the person chosen in the picker, named after their user', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 7 }], cards: [{ alertId: 7, chat: 'db', platform: 'lark', ref: 'om_7' }], chats: CHATS, users: { ou_lei: 'Li Lei' }, config: APPS });
    const answer = await createDispatch(memory.deps)(click({
      platform: 'lark',
      actor: { platform: 'lark', app: 'lark', id: 'ou_mei', name: 'Mei' },
      target: { cardRef: 'om_7', group: 'oc_db' },
      action: 'assign',
      assignee: { platform: 'lark', app: 'lark', id: 'ou_lei', name: 'ou_lei' },
    }));
    expect(answer.ok).toBe(true);
    expect(memory.acts[0]?.action).toEqual({ type: 'assign', user: 'Li Lei' });
    // The card is in a Chinese chat: the answer is Chinese.
    expect(answer.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('dispatch: a command', () => {
  it('acts, and replies through respond in the group’s own language', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 42 }], chats: CHATS, users: { ou_mei: 'Han Mei' } });
    const ack = command('ack 42');
    const reply = await createDispatch(memory.deps)(ack);
    expect(ack.respond).toHaveBeenCalledExactlyOnceWith(reply);
    expect(reply.markdown).toContain('#42');
    expect(reply.markdown).toMatch(/[\u4e00-\u9fff]/);
    expect(reply.templates).toMatchObject({ locale: 'zh-CN' });
    expect(memory.acts).toEqual([expect.objectContaining({ alertId: 42, dedupeKey: 'lark:ev-1', actor: expect.objectContaining({ name: 'Han Mei' }) })]);
  });

  it('answers a group Gong posts nothing to in Gong’s language, and an unknown verb with what to try', async () => {
    const memory = memoryInteractions({ chats: CHATS });
    const reply = await createDispatch(memory.deps)(command('dance', { target: { group: 'oc_unknown' } }));
    expect(reply.markdown).toContain('dance');
    expect(reply.markdown).not.toMatch(/[\u4e00-\u9fff]/);
    expect(memory.acts).toEqual([]);
  });

  it('assigns to the person @-mentioned, named after their user', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 42 }], chats: CHATS, users: { 'u-han': 'Han Meimei' } });
    await createDispatch(memory.deps)(command('assign 42 @Han', {
      platform: 'dingtalk',
      actor: { platform: 'dingtalk', app: 'dingtalk', id: 'u-li', name: 'Li' },
      target: { group: 'cidOps' },
      mentions: [{ platform: 'dingtalk', app: 'dingtalk', id: 'u-han', name: 'Han' }],
    }));
    expect(memory.acts[0]?.action).toEqual({ type: 'assign', user: 'Han Meimei' });
  });
});

describe('dispatch: an action link', () => {
  it('acts as the name typed on the page, on the link’s chat’s platform, and says so', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 42 }], chats: CHATS });
    const answer = await createDispatch(memory.deps)(link());
    expect(answer).toEqual({ status: 'done', message: expect.stringContaining('Acknowledged by Li Lei') });
    expect(memory.acts).toEqual([expect.objectContaining({ alertId: 42, action: { type: 'ack' }, actor: { name: 'Li Lei', platform: 'wecom' } })]);
    expect(memory.alert(42)?.state).toBe('acknowledged');
  });

  it('refuses an alert already resolved with the reason, in the chat’s own language', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 42 }], chats: CHATS });
    const dispatch = createDispatch(memory.deps);
    const resolve = link({ action: 'resolve', target: { chat: 'robot-zh', alertId: 42 } });
    expect(await dispatch(resolve)).toMatchObject({ status: 'done' });
    const again = await dispatch({ ...resolve, actor: { name: 'Han Mei' } });
    expect(again.status).toBe('refused');
    expect(again.message).toMatch(/[\u4e00-\u9fff]/);
    expect(again.message).toContain('Li Lei');
    expect(memory.alert(42)?.version).toBe(2);
  });

  it('answers an alert that is gone with not found', async () => {
    const memory = memoryInteractions({ chats: CHATS });
    expect(await createDispatch(memory.deps)(link({ target: { chat: 'robot', alertId: 404 } }))).toEqual({ status: 'notFound', message: expect.stringContaining('#404') });
  });

  it('performs no action the link cannot name completely, and says which', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 42 }], chats: CHATS });
    const dispatch = createDispatch(memory.deps);
    expect(await dispatch(link({ action: 'snooze', args: { duration: 'soon' } }))).toEqual({ status: 'invalid', message: expect.stringContaining('snooze') });
    expect(await dispatch(link({ action: 'dance' }))).toMatchObject({ status: 'invalid' });
    expect(memory.acts).toEqual([]);
  });

  it('assigns to the one who typed their name when the link names no one, and records a chat that is gone as the API', async () => {
    const memory = memoryInteractions({ alerts: [{ id: 42 }], chats: CHATS });
    const dispatch = createDispatch(memory.deps);
    expect(await dispatch(link({ action: 'assign', platform: undefined, target: { chat: 'deleted', alertId: 42 } }))).toMatchObject({ status: 'done' });
    expect(memory.acts[0]).toMatchObject({ action: { type: 'assign', user: 'Li Lei' }, actor: { name: 'Li Lei', platform: 'api' } });
    expect(memory.alert(42)?.assignee).toBe('Li Lei');
  });
});
