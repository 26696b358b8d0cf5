import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sampleAlert } from '../../src/templates/sample-alert.js';
import { sampleClicks } from '../../src/templates/sample-messages.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gong-preview-'));
const config = join(dir, 'gong.yaml');
writeFileSync(config, 'chats:\n  - { name: ops, type: lark-webhook, webhook: "https://open.feishu.cn/open-apis/bot/v2/hook/x", locale: en }\n');
const alert = join(dir, 'sample.json');
writeFileSync(alert, JSON.stringify({ title: 'Queue stuck', state: 'resolved', resolvedBy: 'bob' }));

describe('gong templates preview', () => {
  it('prints the chat\'s messages for the alert, or says what is wrong', { timeout: 120_000 }, async () => {
    const env = { ...process.env, GONG_DATA_DIR: join(dir, 'data'), GONG_CONFIG: '' };
    const { stdout } = await run('node', ['bin/gong.js', '--config', config, 'templates', 'preview', '--chat', 'ops', '--alert', alert], { env });
    const messages = JSON.parse(stdout) as Record<string, { header: { title: { content: string }; subtitle: { content: string } } }>;
    const notices = ['escalation', 'stats', 'storm', 'storm-resolved', 'test', 'test-source', 'update-acknowledged', 'update-assigned', 'update-commented', 'update-resolved'];
    // Answers to its action links too (the confirmation page's words, refusals included).
    const clicks = Object.keys(sampleClicks(sampleAlert({}))).map((name) => `lark-webhook/click-${name}`);
    expect(Object.keys(messages).sort()).toEqual(['lark-webhook/alert-card', 'lark-webhook/follow-up', ...notices.map((kind) => `lark-webhook/notice-${kind}`), ...clicks].sort());
    expect(messages['lark-webhook/click-refused-alreadyResolved']).toMatch(/^#42: already resolved by bob at \d\d:\d\d$/);
    expect(messages['lark-webhook/alert-card']!.header.title.content).toBe('✅ #42 Queue stuck');
    expect(messages['lark-webhook/alert-card']!.header.subtitle.content).toMatch(/^Critical · Resolved by bob at \d\d:\d\d$/);
    const failed = await run('node', ['bin/gong.js', '--config', config, 'templates', 'preview', '--chat', 'dev'], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2, stderr: 'gong: --chat dev: there is no chat named "dev" in the configuration\n' });
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ severity: 'urgent' }));
    const badAlert = await run('node', ['bin/gong.js', '--config', config, 'templates', 'preview', '--chat', 'ops', '--alert', join(dir, 'bad.json')], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(badAlert).toMatchObject({ code: 2, stderr: `gong: --alert ${join(dir, 'bad.json')}: severity: Invalid option: expected one of "critical"|"warning"|"info"\n` });
  });
});
