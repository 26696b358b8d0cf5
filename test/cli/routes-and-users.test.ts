import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gongCli } from '../helpers/run-gong.js';

const dir = mkdtempSync(join(tmpdir(), 'gong-cli-routes-'));
const config = join(dir, 'gong.yaml');
writeFileSync(
  config,
  `
sources: [{ name: am, type: alertmanager, token: long-enough-token }]
chats:
  - { name: ops, type: lark-webhook, webhook: "https://open.feishu.cn/open-apis/bot/v2/hook/a" }
  - { name: db, type: lark-webhook, webhook: "https://open.feishu.cn/open-apis/bot/v2/hook/b" }
lark:
  - { name: hq, appId: cli_a1b2c3d4e5f6a7b8, appSecret: not-used-here }
  - { name: overseas, appId: cli_b1b2c3d4e5f6a7b8, appSecret: not-used-here }
users: [{ name: alice, lark: { hq: ou_alice_hq } }]
escalations: [{ name: db-critical, steps: [{ after: 0m, mention: [alice] }] }]
routes:
  - { name: databases, match: ['severity="critical"', 'team=~"db|data"'], chats: [db], escalation: db-critical, groupBy: [alertname], continue: true }
  - { name: default, chats: [ops] }
`,
);
const env = { ...process.env, GONG_DATA_DIR: join(dir, 'data'), GONG_CONFIG: config, DATABASE_URL: process.env.TEST_DATABASE_URL ?? '' };

const gong = gongCli(env);

describe('gong routes test', () => {
  it('prints the routes, chats and escalation an alert would get', { timeout: 120_000 }, async () => {
    expect(await gong('routes', 'test', 'severity=critical', 'team=db')).toEqual({
      code: 0,
      out: 'routes:     databases, default\nchats:      db, ops\nescalation: db-critical\ngroup by:   alertname\n',
    });
    expect(await gong('routes', 'test', 'team=db')).toEqual({ code: 0, out: 'routes:     default\nchats:      ops\nescalation: (none)\n' });
    expect(await gong('routes', 'test', 'team')).toEqual({ code: 2, out: 'gong: expected label=value, got "team"\n' });
  });
});

describe('gong users', () => {
  it('links a chat account of one app to a configured user and lists every app', { timeout: 240_000 }, async () => {
    // A fresh id: with TEST_DATABASE_URL the CLI shares one database across runs.
    const id = `ou_cli_${randomBytes(4).toString('hex')}`;
    expect(await gong('users', 'link', 'alice', `lark:${id}`, '--app', 'overseas')).toEqual({ code: 0, out: `lark:${id} in app overseas is alice (not seen in a chat yet)\n` });
    const list = (await gong('users', 'list')).out;
    // (An earlier run's link may be the one shown when the database is shared across runs.)
    expect(list).toMatch(/^alice\n {2}lark\/hq\tou_alice_hq\tconfig\n {2}lark\/overseas\tou_cli_[0-9a-f]{8}\tcli, seen as alice\n/);
    expect(await gong('users', 'link', 'alice', 'lark:ou_x')).toEqual({ code: 2, out: 'gong: lark has 2 apps (hq, overseas); say which app sees this id with --app\n' });
    expect(await gong('users', 'link', 'alice', 'lark:ou_x', '--app', 'hk')).toEqual({ code: 2, out: 'gong: --app hk: there is no lark app named "hk" (the lark apps: hq, overseas)\n' });
    expect(await gong('users', 'link', 'mallory', 'lark:ou_x')).toEqual({ code: 2, out: 'gong: there is no user "mallory" under users: in the configuration\n' });
    expect(await gong('users', 'link', 'alice', 'slack:U1')).toEqual({ code: 2, out: 'gong: expected lark:<open_id> or dingtalk:<userId>, got "slack:U1"\n' });

    expect(await gong('users', 'unlink', 'alice', `lark:${id}`, '--app', 'overseas')).toEqual({ code: 0, out: `lark:${id} in app overseas is no longer linked to alice\n` });
    expect(await gong('users', 'unlink', 'alice', `lark:${id}`, '--app', 'overseas')).toEqual({ code: 1, out: `gong: lark:${id} in app overseas is not linked to alice\n` });
  });
});
