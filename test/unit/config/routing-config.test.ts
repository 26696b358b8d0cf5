import { describe, expect, it } from 'vitest';
import { compilePolicies, compileSchedules } from '../../../src/config/compile-routing.js';
import { parseConfig } from '../../../src/config/load.js';

const chats = [{ name: 'ops', type: 'lark-webhook', webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/x' }];
const parse = (extra: Record<string, unknown>) => parseConfig({ chats, ...extra }, {}, null);

describe('routing configuration', () => {
  it('reads routes, users, schedules, escalations, webhooks and per-chat settings', () => {
    const config = parse({
      chats: [{ ...chats[0], dailyStats: '09:00, 18:30', publish: ['escalations', 'resolutions'] }],
      users: [{ name: 'alice', lark: 'ou_a', mobile: '13800138000' }],
      schedules: [{ name: 'primary', timezone: 'Europe/Berlin', rotation: { users: ['alice'], start: '2026-03-02', period: 'daily' }, overrides: [{ user: 'alice', from: '2026-03-04 10:00', to: '2026-03-05T10:00Z' }] }],
      escalations: [{ name: 'p', steps: [{ after: '0m', mention: ['schedule:primary'] }, { after: '1h30m', webhook: 'pager' }], ackTimeout: '4h' }],
      webhooks: [{ name: 'pager', url: 'https://example.com/hook', secret: 'whsec-0123456789abcdef', events: ['alert.opened'] }],
      routes: [{ match: 'team=~"db|data"', chats: ['ops'], escalation: 'p' }, { chats: ['ops'] }],
    });
    expect(config.chats[0]).toMatchObject({ dailyStats: [{ text: '09:00', minutes: 540 }, { text: '18:30', minutes: 1110 }], publish: ['escalations', 'resolutions'] });
    expect(config.routes[0]!.match).toEqual([{ label: 'team', op: '=~', value: 'db|data' }]);
    expect(config.routes[1]).toMatchObject({ match: [], continue: false });
    expect(compilePolicies(config).get('p')).toEqual({
      name: 'p',
      steps: [{ afterMs: 0, notify: [], mention: ['schedule:primary'] }, { afterMs: 5_400_000, notify: [], mention: [], webhook: 'pager' }],
      repeat: 0,
      ackTimeoutMs: 14_400_000,
    });
    // Wall time in the schedule's zone (CET, +01:00), unless the value carries its own offset.
    expect(compileSchedules(config)[0]!.overrides[0]).toEqual({ user: 'alice', from: new Date('2026-03-04T09:00:00Z'), to: new Date('2026-03-05T10:00:00Z') });
  });

  it('defaults a chat to publishing escalations and assignments, without daily statistics', () => {
    expect(parse({}).chats[0]).toMatchObject({ publish: ['escalations', 'assignments'], dailyStats: [] });
  });

  it("takes a route's groupBy of labels or ['...'], and refuses '...' among labels", () => {
    expect(parse({ routes: [{ chats: ['ops'], groupBy: ['...'] }] }).routes[0]!.groupBy).toEqual(['...']);
    expect(parse({ routes: [{ chats: ['ops'], groupBy: ['alertname', 'cluster'] }] }).routes[0]!.groupBy).toEqual(['alertname', 'cluster']);
    expect(() => parse({ routes: [{ chats: ['ops'], groupBy: ['alertname', '...'] }] })).toThrow(/routes\[0\]\.groupBy: `\.\.\.` already groups by every label: write it alone/);
  });

  it('explains a bad daily statistics time', () => {
    expect(() => parse({ chats: [{ ...chats[0], dailyStats: ['9am'] }] })).toThrow(
      'chats[0].dailyStats[0]: expected a 24-hour time of day as HH:MM, such as "09:00" or "18:30"; got "9am"',
    );
    expect(() => parse({ chats: [{ ...chats[0], dailyStats: '09:00,25:00' }] })).toThrow(/dailyStats\[1\]: .*got "25:00"/);
  });

  it('names broken references and bad values', () => {
    expect(() => parse({ routes: [{ chats: ['nope'], escalation: 'gone' }] })).toThrow(
      /routes\[0\]\.chats\[0\]: there is no chat named "nope" \(known: ops\)[\s\S]*routes\[0\]\.escalation: there is no escalation policy named "gone"/,
    );
    expect(() => parse({ escalations: [{ name: 'p', steps: [{ after: '0m', mention: ['bob', 'schedule:x'] }] }] })).toThrow(
      /steps\[0\]\.mention\[0\]: there is no user named "bob"[\s\S]*mention\[1\]: there is no schedule named "x"/,
    );
    expect(() => parse({ routes: [{ match: ['team'] }] })).toThrow(/routes\[0\]\.match\[0\]: `team`: expected an operator/);
    expect(() => parse({ escalations: [{ name: 'p', steps: [{ after: 'soon' }] }] })).toThrow(/steps\[0\]\.after: expected a duration/);
    expect(() => parse({ webhooks: [{ name: 'w', url: 'https://x.example', secret: 'short' }] })).toThrow(/webhooks\[0\]\.secret: expected a signing secret/);
  });
});
