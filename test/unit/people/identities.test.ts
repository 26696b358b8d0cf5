import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { configuredId, matchUser, type SeenPerson } from '../../../src/people/match-user.js';
import { mentionApps } from '../../../src/people/mention-apps.js';
import { userMappings } from '../../../src/people/user-mapping.js';

const larkApps = [
  { name: 'hq', appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 's1' },
  { name: 'overseas', appId: 'cli_b1b2c3d4e5f6a7b8', appSecret: 's2' },
];
const dingtalkApps = [
  { name: 'retail', clientId: 'd1', clientSecret: 's1' },
  { name: 'logistics', clientId: 'd2', clientSecret: 's2' },
];
const parse = (extra: Record<string, unknown>) => parseConfig({ lark: larkApps, dingtalk: dingtalkApps, ...extra }, {}, null);

const users = parse({
  users: [
    { name: 'alice', lark: { hq: 'ou_alice_hq', overseas: 'ou_alice_os' }, dingtalk: 'staff-alice' },
    { name: 'bob', dingtalk: { logistics: 'staff-bob' }, mobile: '+86 139-0013-9000' },
    { name: 'carol', email: 'Carol@Example.com' },
  ],
}).users;
const lark = (app: string, id: string, extra: Partial<SeenPerson> = {}): SeenPerson => ({ platform: 'lark', app, id, name: id, ...extra });

describe('user ids per app', () => {
  it('reads one id as every app of the platform, and a map per app', () => {
    const [alice, bob] = users;
    expect(configuredId(alice!, 'dingtalk', 'retail')).toBe('staff-alice');
    expect(configuredId(alice!, 'dingtalk', 'logistics')).toBe('staff-alice');
    expect(configuredId(alice!, 'lark', 'overseas')).toBe('ou_alice_os');
    expect(configuredId(bob!, 'dingtalk', 'retail')).toBeUndefined();
    expect(configuredId(bob!, 'dingtalk', 'logistics')).toBe('staff-bob');
    // No app known (a custom robot among several apps): only a platform-wide id applies.
    expect(configuredId(alice!, 'lark', undefined)).toBeUndefined();
    expect(configuredId(alice!, 'dingtalk', undefined)).toBe('staff-alice');
  });

  it('matches by the id of the receiving app, then union_id, mobile, e-mail', () => {
    expect(matchUser(users, lark('overseas', 'ou_alice_os'))).toEqual({ user: 'alice', by: 'config' });
    // Alice's hq open_id seen through the other app is somebody else there.
    expect(matchUser(users, lark('overseas', 'ou_alice_hq'))).toBeNull();
    expect(matchUser(users, lark('overseas', 'ou_x'), 'carol')).toEqual({ user: 'carol', by: 'union_id' });
    // A union_id linked to a user no longer configured links nobody.
    expect(matchUser(users, lark('overseas', 'ou_x'), 'gone')).toBeNull();
    expect(matchUser(users, { platform: 'dingtalk', app: 'retail', id: 'u9', name: 'B', mobile: '13900139000' })).toEqual({ user: 'bob', by: 'mobile' });
    expect(matchUser(users, lark('hq', 'ou_c', { email: 'carol@example.COM' }))).toEqual({ user: 'carol', by: 'email' });
    expect(matchUser(users, lark('hq', 'ou_alice_os', { email: 'carol@example.com' }))).toEqual({ user: 'carol', by: 'email' });
  });

  it('explains per-app ids that cannot be right', () => {
    expect(() => parse({ users: [{ name: 'a', lark: 'ou_1' }] })).toThrow(
      'users[0].lark: an open_id belongs to one Lark app and there are 2 (hq, overseas); write it per app, such as lark: { hq: ou_1 }',
    );
    expect(() => parse({ users: [{ name: 'a', lark: { hk: 'ou_1' } }] })).toThrow('users[0].lark.hk: no lark app is named "hk" (the lark apps: hq, overseas)');
    expect(() => parse({ users: [{ name: 'a', dingtalk: { retail: '' } }] })).toThrow(/users\[0\]\.dingtalk/);
    expect(() => parse({ users: [{ name: 'a', dingtalk: {} }] })).toThrow(/users\[0\]\.dingtalk/);
    expect(() => parse({ users: [{ name: 'a', lark: 42 }] })).toThrow(/users\[0\]\.lark: expected the Lark open_id, or one per app/);
    // Today's single-id form stays valid with one Lark app.
    expect(parseConfig({ lark: larkApps[0], users: [{ name: 'a', lark: 'ou_1' }] }, {}, null).users[0]!.lark).toBe('ou_1');
  });

  it("names the app whose ids mention people in a chat", () => {
    const config = parse({});
    expect(mentionApps(config, { name: 'c', type: 'lark', chatId: 'oc', app: 'overseas' } as never)).toEqual({ lark: 'overseas' });
    expect(mentionApps(config, { name: 'c', type: 'dingtalk-webhook', webhook: 'https://x' } as never)).toEqual({});
    const single = parseConfig({ dingtalk: dingtalkApps[0] }, {}, null);
    expect(mentionApps(single, { name: 'c', type: 'dingtalk', conversationId: 'cid' } as never)).toEqual({ dingtalk: 'retail' });
    expect(mentionApps(single, { name: 'c', type: 'dingtalk-webhook', webhook: 'https://x' } as never)).toEqual({ dingtalk: 'retail' });
  });

  it("lists each user's account in every app and the people linked to nobody", () => {
    const seen = [
      { platform: 'lark' as const, app: 'hq', platformId: 'ou_alice_hq', name: 'Alice Z.', userName: 'alice', linkedBy: 'config' as const },
      { platform: 'dingtalk' as const, app: 'retail', platformId: 'staff-9', name: 'Carol', userName: 'carol', linkedBy: 'cli' as const },
      { platform: 'lark' as const, app: 'overseas', platformId: 'ou_z', name: 'Zed', userName: null, linkedBy: null },
    ];
    const { users: mapped, unlinked } = userMappings(parse({ users: users.map(({ name, lark: l, dingtalk: d, email }) => ({ name, ...(l && { lark: l }), ...(d && { dingtalk: d }), ...(email && { email }) })) }), seen);
    expect(mapped[0]).toEqual({
      user: 'alice',
      accounts: [
        { platform: 'dingtalk', app: 'retail', id: 'staff-alice', by: 'config' },
        { platform: 'dingtalk', app: 'logistics', id: 'staff-alice', by: 'config' },
        { platform: 'lark', app: 'hq', id: 'ou_alice_hq', by: 'config', seenAs: 'Alice Z.' },
        { platform: 'lark', app: 'overseas', id: 'ou_alice_os', by: 'config' },
      ],
    });
    expect(mapped[2]!.accounts).toEqual([
      { platform: 'dingtalk', app: 'retail', id: 'staff-9', by: 'cli', seenAs: 'Carol' },
      { platform: 'dingtalk', app: 'logistics' },
      { platform: 'lark', app: 'hq' },
      { platform: 'lark', app: 'overseas' },
    ]);
    expect(unlinked.map((row) => row.platformId)).toEqual(['ou_z']);
  });
});
