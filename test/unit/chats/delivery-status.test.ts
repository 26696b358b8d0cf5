import { describe, expect, it } from 'vitest';
import { DeliveryStatuses } from '../../../src/chats/delivery-status.js';
import type { AlertChannel } from '../../../src/platforms/channel.js';

const channel = (overrides: Partial<AlertChannel> = {}): AlertChannel => ({
  chat: 'ops',
  kind: 'lark',
  postAlert: async () => 'ref',
  updateAlert: async () => {},
  postNotice: async () => 'notice',
  ...overrides,
});

describe('DeliveryStatuses.watch', () => {
  it('passes urgent on only where the channel has it', async () => {
    const statuses = new DeliveryStatuses();
    const buzzed: string[] = [];
    const watched = statuses.watch(channel({ urgent: async (ref) => void buzzed.push(ref) }));
    await watched.urgent!('om_1', 'app', []);
    expect(buzzed).toEqual(['om_1']);
    expect(statuses.watch(channel()).urgent).toBeUndefined();
  });

  it('records the last outcome, masking tokens in URLs', async () => {
    const statuses = new DeliveryStatuses();
    const failing = statuses.watch(
      channel({ postNotice: async () => Promise.reject(Object.assign(new Error('POST https://open.feishu.cn/open-apis/bot/v2/hook/secret-token-123 failed'), { code: 19021 })) }),
    );
    await expect(failing.postNotice({ kind: 'test', title: 't', markdown: 'm' }, 'k')).rejects.toThrow();
    expect(statuses.get('ops')).toMatchObject({ ok: false, error: '19021: POST https://open.feishu.cn/open-apis/bot/v2/hook/••• failed' });
    await statuses.watch(channel()).postAlert({} as never, 'k');
    expect(statuses.get('ops')).toMatchObject({ ok: true });
  });
});
