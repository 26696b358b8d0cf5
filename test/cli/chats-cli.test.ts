import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { closedPort } from '../helpers/failing-servers.js';
import type { TestGong } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';

const run = promisify(execFile);
const BOT = { token: 'cli-hook-token-0001', secret: 'cli-bot-secret' };
let running: SandboxGong;
let gong: TestGong;
let lark: LarkServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  running = await startSandboxGong({ sources: [{ name: 'custom', type: 'generic', token: 'source-token-1' }], lark: { customBots: [BOT] } });
  ({ lark, gong } = running);
  const dir = mkdtempSync(join(tmpdir(), 'gong-chats-cli-'));
  writeFileSync(join(dir, 'gong.yaml'), `server: { adminToken: ${gong.adminToken} }\n`);
  env = { ...process.env, GONG_CONFIG: join(dir, 'gong.yaml'), GONG_DATA_DIR: join(dir, 'data'), GONG_URL: gong.url };
});

afterAll(async () => {
  await running?.close();
});

async function gongCli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/gong.js', 'chats', ...args], { env, timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe('gong chats', () => {
  it('adds, lists, edits, tests and removes a chat on the running Gong', { timeout: 120_000 }, async () => {
    const webhook = `${lark.url}/open-apis/bot/v2/hook/${BOT.token}`;
    expect(await gongCli('add', 'ops-bot', '--type', 'lark-webhook', '--webhook', webhook, '--secret', BOT.secret)).toEqual({ code: 0, out: 'created ops-bot (lark-webhook)\n' });

    const listed = await gongCli('list', '-q', 'ops');
    expect(listed.out).toBe(`ops-bot\tlark-webhook\tdatabase\t${lark.url}/open-apis/bot/v2/hook/•••\n`);

    expect(await gongCli('edit', 'ops-bot', '--keywords', 'alert', '--publish', 'resolutions,comments', '--daily-stats', '09:00,18:00')).toEqual({ code: 0, out: 'saved ops-bot\n' });
    expect(await gong.api('/api/v1/chats/ops-bot')).toMatchObject({ keywords: ['alert'], publish: ['resolutions', 'comments'], dailyStats: ['09:00', '18:00'], hasSecret: true });
    const tested = await gongCli('test', 'ops-bot');
    expect(tested.out).toBe('test message sent to ops-bot: the platform answered code 0, success\n');
    expect(lark.chatMessages(lark.customBotChatId(BOT.token))).toHaveLength(1);

    // An edit is checked against the chat's type, which the running Gong knows.
    expect(await gongCli('edit', 'ops-bot', '--format', 'markdown', '--daily-stats', '9h')).toEqual({
      code: 2,
      out: 'gong: --daily-stats: expected a 24-hour time of day as HH:MM, such as "09:00" or "18:30"; got "9h"\ngong: --format does not apply to a lark-webhook chat\n',
    });
    expect(await gongCli('edit', 'ops-bot', '--type', 'lark')).toEqual({ code: 2, out: 'gong: --chat-id is required for --type lark\n' });
    expect(await gong.api('/api/v1/chats/ops-bot')).toMatchObject({ type: 'lark-webhook', dailyStats: ['09:00', '18:00'] });

    expect(await gongCli('rm', 'ops-bot')).toEqual({ code: 0, out: 'deleted ops-bot\n' });
    expect(await gongCli('rm', 'ops-bot')).toEqual({ code: 1, out: 'gong: there is no chat named "ops-bot"\n' });
    expect(await gongCli('add', 'bad', '--type', 'lark')).toEqual({ code: 2, out: 'gong: --chat-id is required for --type lark\n' });
  });

  it('names the field of a WeCom robot with an empty URL, as the API refuses it', { timeout: 120_000 }, async () => {
    expect(await gongCli('add', 'robot', '--type', 'wecom-webhook', '--webhook', '')).toEqual({
      code: 2,
      out: 'gong: --webhook: expected an http(s) URL such as https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…\n',
    });
  });

  it('says where it looked when Gong is not running', async () => {
    const port = await closedPort();
    const result = await gongCli('--url', `http://127.0.0.1:${port}`, 'list');
    expect(result).toEqual({ code: 1, out: `gong: cannot reach Gong at http://127.0.0.1:${port}: connection refused by 127.0.0.1:${port} (ECONNREFUSED); is it running? (--url or GONG_URL says where)\n` });
    // A port fetch refuses to call: undici's own words.
    expect(await gongCli('--url', 'http://127.0.0.1:9', 'list')).toEqual({ code: 1, out: 'gong: cannot reach Gong at http://127.0.0.1:9: network failure reaching 127.0.0.1:9 (bad port); is it running? (--url or GONG_URL says where)\n' });
  });
});
