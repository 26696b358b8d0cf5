import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gong-check-config-'));
const env = { ...process.env, GONG_DATA_DIR: join(dir, 'data'), GONG_CONFIG: '' };
const CHAT = '  - { name: ops, type: lark-webhook, webhook: "https://open.feishu.cn/open-apis/bot/v2/hook/x" }\n';

/** `gong check-config` on this YAML: its exit code, and stdout and stderr apart. */
async function checkConfig(yaml: string): Promise<{ code: number; out: string; err: string }> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  try {
    const { stdout, stderr } = await run('node', ['bin/gong.js', '--config', file, 'check-config'], { env, timeout: 60_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

describe('gong check-config', { timeout: 120_000 }, () => {
  it('refuses malformed route matchers with the key path and the fix', async () => {
    const result = await checkConfig(`chats:\n${CHAT}routes:\n  - { match: ['team="db"'], chats: [ops] }\n  - { match: ['team="web"', 'severity==critical'], chats: [ops] }\n  - { match: ['severity="critical'], chats: [ops] }\n  - { chats: [ops] }\n`);
    expect(result.code).toBe(1);
    expect(result.err).toContain('routes[1].match[1]: `severity==critical`: expected a value after "severity=", found "=" at column 10: write severity="critical"');
    expect(result.err).toContain('routes[2].match[0]: `severity="critical`: the quote opened at column 10 is never closed');
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  it('warns, and still passes, when routes exist and none catches every alert', async () => {
    const result = await checkConfig(`chats:\n${CHAT}routes:\n  - { match: 'severity="critical", team=~"db|data"', chats: [ops] }\n`);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^configuration is valid/);
    expect(result.err).toContain('gong: warning: routes: no route catches every alert');
    expect(result.err).toContain('posted to no chat and escalated by no policy');

    const caught = await checkConfig(`chats:\n${CHAT}routes:\n  - { match: 'severity="critical"', chats: [ops] }\n  - { chats: [ops] }\n`);
    expect(caught).toMatchObject({ code: 0, err: '' });
  });

  it('warns about routes a catch-all in the middle keeps from ever matching', async () => {
    const result = await checkConfig(`chats:\n${CHAT}routes:\n  - { name: everything, chats: [ops] }\n  - { match: 'team="db"', chats: [ops] }\n`);
    expect(result.code).toBe(0);
    expect(result.err).toContain('routes[1]…routes[1]: never reached: routes[0] (everything) has no `match` and no `continue: true`');
  });

  it('names the key of a webhook chat of every type with an empty or invalid URL, without a stack trace', async () => {
    for (const webhook of ['""', '"not a url"']) {
      const chats = ['dingtalk-webhook', 'lark-webhook', 'wecom-webhook'].map((type, i) => `  - { name: robot-${i}, type: ${type}, webhook: ${webhook} }\n`);
      const result = await checkConfig(`chats:\n${chats.join('')}`);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        /^gong: invalid configuration in .*:\n {2}chats\[0\]\.webhook: expected an http\(s\) URL such as https:\/\/oapi\.dingtalk\.com\S+\n {2}chats\[1\]\.webhook: expected an http\(s\) URL such as https:\/\/open\.feishu\.cn\S+\n {2}chats\[2\]\.webhook: expected an http\(s\) URL such as https:\/\/qyapi\.weixin\.qq\.com\S+\n$/,
      );
    }
  });

  it('names every other URL-typed key with the form it expects', async () => {
    const result = await checkConfig(
      [
        'server: { publicUrl: "gong.example.com" }',
        'sources:\n  - { name: am, type: alertmanager, token: long-enough-token, alertmanagerUrl: "" }',
        'webhooks:\n  - { name: pager, url: "nope", secret: 0123456789abcdef0 }',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('server.publicUrl: expected an http(s) URL such as https://gong.example.com');
    expect(result.err).toContain('sources[0].alertmanagerUrl: expected an http(s) URL such as http://alertmanager:9093');
    expect(result.err).toContain('webhooks[0].url: expected an http(s) URL such as https://hooks.example.com/gong');
    const lark = await checkConfig('lark: { appId: cli_a1b2c3d4e5f6a7b8, appSecret: s, domain: "feishu.cn" }\n');
    expect(lark.err).toContain('lark.domain: expected feishu, lark, or an http(s) URL such as https://open.feishu.cn');
  });
});
