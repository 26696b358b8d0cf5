import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gongCli } from '../helpers/run-gong.js';
import { z } from 'zod';
import { chatSchema } from '../../src/config/schema.js';
import { CHAT_FLAGS, flagProblems, flagTermsOf } from '../../src/cli/flag-errors.js';

const dir = mkdtempSync(join(tmpdir(), 'gong-flags-'));
// No Gong runs there: the flags are checked before any call.
const env = { ...process.env, GONG_CONFIG: '', GONG_DATA_DIR: join(dir, 'data'), GONG_URL: 'http://127.0.0.1:9' };

const gong = gongCli(env);

describe('CLI errors name the flags', () => {
  it('gong chats add: a missing, unknown or misplaced flag, all problems at once, exit code 2', { timeout: 120_000 }, async () => {
    expect(await gong('chats', 'add', 'ops', '--type', 'lark')).toEqual({ code: 2, out: 'gong: --chat-id is required for --type lark\n' });
    expect(await gong('chats', 'add', 'ops', '--type', 'dingtalk')).toEqual({ code: 2, out: 'gong: --conversation-id is required for --type dingtalk\n' });
    expect(await gong('chats', 'add', 'ops', '--type', 'slack')).toEqual({
      code: 2,
      out: 'gong: --type must be one of dingtalk, dingtalk-webhook, lark, lark-webhook, wecom-webhook; got "slack"\n',
    });
    expect(await gong('chats', 'add', 'ops')).toEqual({ code: 2, out: 'gong: --type is required: one of dingtalk, dingtalk-webhook, lark, lark-webhook, wecom-webhook\n' });
    expect(await gong('chats', 'add', 'ops', '--type', 'lark', '--chat-id', 'oc_1', '--keywords', 'alert')).toEqual({ code: 2, out: 'gong: --keywords does not apply to --type lark\n' });
    expect(await gong('chats', 'add', 'o/ps', '--type', 'wecom-webhook', '--webhook', 'qyapi.weixin.qq.com/send?key=SECRETKEY', '--format', 'card', '--publish', 'resolutions,pages')).toEqual({
      code: 2,
      out:
        'gong: the chat name "o/ps": expected a name of letters, digits, "-" or "_" (at most 63)\n' +
        'gong: --webhook: expected an http(s) URL such as https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…\n' +
        'gong: --format must be one of template_card, markdown; got "card"\n' +
        'gong: --publish: "pages" is not one of escalations, assignments, acknowledgements, resolutions, comments\n',
    });
    // A secret typed wrong is not repeated back.
    const secret = await gong('chats', 'add', 'ding', '--type', 'dingtalk-webhook', '--webhook', 'https://oapi.dingtalk.com/robot/send?access_token=abc', '--secret', 'my-secret-value');
    expect(secret).toEqual({ code: 2, out: 'gong: --secret: expected the robot secret, which starts with SEC\n' });
  });

  it('gong alerts list and gong incidents list: --state and --limit', { timeout: 120_000 }, async () => {
    expect(await gong('alerts', 'list', '--state', 'firing', '--limit', 'ten')).toEqual({
      code: 2,
      out: 'gong: --state must be one of triggered, acknowledged, resolved, open; got "firing"\ngong: --limit expects a number; got "ten"\n',
    });
    expect(await gong('incidents', 'list', '-n', '0')).toEqual({ code: 2, out: 'gong: --limit must be at least 1; got "0"\n' });
    expect(await gong('incidents', 'list', '-n', '501')).toEqual({ code: 2, out: 'gong: --limit must be at most 500; got "501"\n' });
  });

  it('usage errors of commander and of arguments exit 2 without a stack', { timeout: 120_000 }, async () => {
    const unknown = await gong('alerts', 'list', '--colour');
    expect(unknown).toEqual({ code: 2, out: "error: unknown option '--colour'\n" });
    expect(await gong('alerts', 'show', 'abc')).toEqual({ code: 2, out: 'gong: expected an alert number, got "abc"\n' });
    expect(await gong('incidents', 'merge', '1', 'x')).toEqual({ code: 2, out: 'gong: expected an incident number, got "x"\n' });
    const missing = await gong('templates', 'preview');
    expect(missing).toEqual({ code: 2, out: "error: required option '--chat <name>' not specified\n" });
  });
});

describe('flagProblems', () => {
  it('turns every kind of issue into the flag and what it allows', () => {
    const input = { name: 'ops', type: 'lark-webhook', webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', dailyStats: ['09:00', '25:00'], publish: 'x' };
    const parsed = chatSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(flagProblems(parsed.error!.issues, CHAT_FLAGS, input, '--type lark-webhook')).toEqual([
      '--publish "x": expected array, received string',
      '--daily-stats: expected a 24-hour time of day as HH:MM, such as "09:00" or "18:30"; got "25:00"',
    ]);
    const numbers = z.object({ count: z.number().int().max(3) });
    expect(flagProblems(numbers.safeParse({ count: 4 }).error!.issues, {}, { count: 4 })).toEqual(['--count must be at most 3; got "4"']);
  });

  it('rewrites the running Gong\'s `path: words` refusals with the flag', () => {
    expect(flagTermsOf('chatId: Invalid input: expected string, received undefined', CHAT_FLAGS)).toBe('--chat-id: expected string, received undefined');
    expect(flagTermsOf('dailyStats[0]: expected a 24-hour time', CHAT_FLAGS)).toBe('--daily-stats: expected a 24-hour time');
    expect(flagTermsOf('chat "ops" already exists', CHAT_FLAGS)).toBe('chat "ops" already exists');
  });
});
