import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { configWarnings } from '../../../src/config/warnings.js';

const chats = [{ name: 'ops', type: 'lark-webhook', webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/x' }];
const users = [{ name: 'alice', lark: 'ou_a' }];
const parse = (extra: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) => parseConfig({ chats, users, ...extra }, env, null);
const schedule = (overrides: unknown[]) => ({ schedules: [{ name: 'p', rotation: { users: ['alice'], start: '2026-03-02' }, overrides }] });

/** Configurations that used to pass validation and then failed quietly (or crashed) at run time. */
describe('a configuration that cannot work is refused with its key', () => {
  it('refuses an override at a date or time that does not exist, or that ends before it starts', () => {
    expect(() => parse(schedule([{ user: 'alice', from: '2026-02-30 09:00', to: '2026-03-01 25:99' }]))).toThrow(
      /schedules\[0\]\.overrides\[0\]\.from: expected a date and time[\s\S]*overrides\[0\]\.to: expected a date and time/,
    );
    expect(() => parse(schedule([{ user: 'alice', from: '2026-03-05 09:00', to: '2026-03-04T09:00+08:00' }]))).toThrow(
      'schedules[0].overrides[0].to: "2026-03-04T09:00+08:00" is not after from ("2026-03-05 09:00")',
    );
    expect(parse(schedule([{ user: 'alice', from: '2026-03-04 09:00', to: '2026-03-05 09:00' }])).schedules).toHaveLength(1);
  });

  it('refuses escalation steps out of time order, a zero ack timeout and durations past a year', () => {
    const policy = (steps: unknown[], extra = {}) => ({ escalations: [{ name: 'e', steps, ...extra }] });
    expect(() => parse(policy([{ after: '10m', notify: ['ops'] }, { after: '5m', notify: ['ops'] }]))).toThrow(
      'escalations[0].steps[1].after: 5m is earlier than steps[0] (10m); every `after` counts from when the alert opened',
    );
    expect(() => parse(policy([{ after: '0m', notify: ['ops'] }], { ackTimeout: '0m' }))).toThrow('escalations[0].ackTimeout: expected a duration such as 30m or 4h');
    expect(() => parse(policy([{ after: '99999999999w', notify: ['ops'] }]))).toThrow('escalations[0].steps[0].after: expected at most a year');
  });

  it('refuses two routes of one name', () => {
    expect(() => parse({ routes: [{ name: 'db', chats: ['ops'] }, { name: 'db', match: 'team="db"', chats: ['ops'] }] })).toThrow('routes[1].name: "db" is used twice');
  });

  it('refuses a database URL that is not PostgreSQL, from the file or DATABASE_URL, without showing it', () => {
    expect(() => parse({ database: { url: 'mysql://root:hunter2@db/gong' } })).toThrow(/database\.url \(or DATABASE_URL\): expected a PostgreSQL URL/);
    expect(() => parse({}, { DATABASE_URL: 'file:gong.db' })).toThrow(/database\.url/);
    expect(() => parse({ database: { url: 'mysql://root:hunter2@db/gong' } })).not.toThrow(/hunter2/);
  });

  it('refuses an admin token that a source also uses', () => {
    const token = 'shared-token-0123456789';
    expect(() => parse({ server: { adminToken: token }, sources: [{ name: 'am', type: 'alertmanager', token }] })).toThrow(
      'sources[0].token: the same as server.adminToken',
    );
  });

  it('refuses a group chat of a platform that has no app while the other platform has one', () => {
    expect(() => parse({ dingtalk: { clientId: 'id', clientSecret: 'secret' }, chats: [{ name: 'ops', type: 'lark', chatId: 'oc_1' }] })).toThrow(
      'chats[0].type: chat "ops" is a lark group, but no lark app is configured under `lark:`',
    );
    // Without any app the sandbox serves both platforms.
    expect(parse({ chats: [{ name: 'ops', type: 'lark', chatId: 'oc_1' }] }).chats).toHaveLength(1);
  });
});

describe('configWarnings', () => {
  const routes = (list: unknown[]) => parse({ routes: list });
  it('warns when no route catches every alert, and when a catch-all hides the routes after it', () => {
    expect(configWarnings(routes([{ match: 'team="db"', chats: ['ops'] }]))).toEqual([expect.stringContaining('routes: no route catches every alert')]);
    expect(configWarnings(routes([{ match: 'team="db"', chats: ['ops'] }, { chats: ['ops'] }]))).toEqual([]);
    expect(configWarnings(routes([{ chats: ['ops'], continue: true }, { match: 'team="db"', chats: ['ops'] }]))).toEqual([]);
    expect(configWarnings(routes([{ name: 'all', chats: ['ops'] }, { match: 'team="db"', chats: ['ops'] }, { chats: ['ops'] }]))).toEqual([
      expect.stringContaining('routes[1]…routes[2]: never reached: routes[0] (all)'),
    ]);
    expect(configWarnings(routes([]))).toEqual([]);
  });
});
