import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import type { ParsedConfig } from '../../../src/config/schema.js';
import { buildAlertView } from '../../../src/cards/alert-view.js';
import { checkChatTemplates } from '../../../src/chats/check-chat-templates.js';
import { alertMarkdown } from '../../../src/platforms/dingtalk/markdown-card.js';
import { renderLarkCard } from '../../../src/platforms/lark/render-card.js';
import { chatLook } from '../../../src/chats/chat-registry.js';
import { composeNotice, composeReply } from '../../../src/templates/compose.js';
import { sampleAlert } from '../../../src/templates/sample-alert.js';
import { TEMPLATES_DIR } from '../../../src/templates/template-files.js';

type Chats = ParsedConfig['chats'];
// Every set these tests make lives in a copy of templates/ in a temporary directory, never in the repo.
const dir = mkdtempSync(join(tmpdir(), 'gong-templates-'));
cpSync(TEMPLATES_DIR, dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (chats: Chats) => ({ locale: 'zh-CN' as const, timezone: 'Asia/Shanghai', templatesDir: dir, chats });
const lark = (extra: Partial<Chats[number]> = {}) => ({ name: 'ops', type: 'lark' as const, chatId: 'oc_1', ...extra }) as Chats[number];
const dingtalk = (extra: Partial<Chats[number]> = {}) => ({ name: 'dt', type: 'dingtalk' as const, conversationId: 'cid', ...extra }) as Chats[number];
/** A chat's look by name, as the running registry gives it. */
const lookOf = (cfg: ReturnType<typeof config>, name: string) => chatLook(cfg, cfg.chats.find((chat) => chat.name === name));

let made = 0;
function makeSet(folder: string, files: Record<string, string>): string {
  const set = `test-set-${made++}`;
  mkdirSync(join(dir, folder, set), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, folder, set, file), text);
  return set;
}

describe('per-chat card options', () => {
  it('give a chat its own locale, labels and links over the global ones', () => {
    const options = lookOf(
      config([lark({ locale: 'en', labels: { include: ['job', 'instance', 'missing'], exclude: ['instance'] }, links: [{ title: 'Logs', annotation: 'logs' }] })]),
      'ops',
    );
    const view = buildAlertView(sampleAlert({ annotations: { logs: 'https://logs.example.com/q', runbook: 'javascript:alert(1)' } }), options);
    expect(view.locale).toBe('en');
    expect(view.labels).toEqual([['job', 'node']]);
    expect(view.links.map((link) => link.title)).toEqual(['Source graph', 'Logs']);
    expect(lookOf(config([lark()]), 'another').locale).toBe('zh-CN');
  });
  it('draw a chat\'s card from its template set, taking missing kinds from default', () => {
    const set = makeSet('lark', { 'alert-card.json': '{"header":{"title":{"tag":"plain_text","content":"{{#text}}Custom {{title}}{{/text}}"}},"body":{"elements":[]}}' });
    const view = buildAlertView(sampleAlert(), lookOf(config([lark({ template: set })]), 'ops'));
    const card = renderLarkCard(view) as { header: { title: { content: string } }; body: { elements: { tag: string }[] } };
    expect(card.header.title.content).toBe('Custom HighCPU on web-3');
    expect(card.body.elements.map((element) => element.tag)).toEqual(['column_set']);
    expect(() => checkChatTemplates(config([lark({ template: set })]))).not.toThrow();
  });
  it('choose the facts a card shows and its title format, without a template set', () => {
    const chat = lark({ locale: 'en', card: { fields: ['assignee', 'labels'], title: '[{{severityText}}] {{title}} ({{source}})' } });
    const view = buildAlertView(sampleAlert({ title: 'Disk *full*' }), lookOf(config([chat]), 'ops'));
    const card = JSON.stringify(renderLarkCard(view));
    expect(card).toContain('"content":"[Critical] Disk *full* (alertmanager)"');
    expect(card).toContain('**Assignee**: Li Lei');
    expect(card).toContain('instance: web-3');
    for (const hidden of ['**Source**', '**Started**', 'CPU above 90%', 'Runbook', 'Occurrences']) expect(card).not.toContain(hidden);
    // In Markdown the format's own text stays as written and the title is escaped.
    const markdown = alertMarkdown(buildAlertView(sampleAlert({ title: 'Disk *full*' }), lookOf(config([dingtalk({ card: chat.card, locale: 'en' })]), 'dt')), 'dingtalk');
    expect(markdown.text.split('\n')[0]).toBe('### [Critical] Disk &#42;full&#42; (alertmanager)');
  });
  it('are validated with the configuration', () => {
    const parse = (card: unknown) => () => parseConfig({ chats: [{ name: 'ops', type: 'lark', chatId: 'oc_1', card }] }, {}, null);
    expect(parse({ fields: ['source'], title: '{{title}}' })).not.toThrow();
    expect(parse({ fields: ['colour'] })).toThrow(/chats\[0\]\.card\.fields\[0\]/);
    expect(parse({ title: '{{#title}} unclosed' })).toThrow(/not a valid title format: Unclosed section "title"/);
  });
});

describe('notices and command replies', () => {
  const body = { kind: 'update' as const, event: 'assigned' as const, alertId: 42, title: 'HighCPU', actor: 'carol', assignee: 'bob' };
  it('are worded in the chat\'s language', () => {
    const cfg = config([lark({ locale: 'en' }), dingtalk()]);
    expect(composeNotice(body, lookOf(cfg, 'ops'), 'lark').markdown).toBe('Assigned to **bob** by carol');
    expect(composeNotice(body, lookOf(cfg, 'dt'), 'dingtalk').markdown).toBe('carol 将故障分配给了 **bob**');
    expect(composeReply({ kind: 'notFound', incidentId: 9, orAlert: false }, lookOf(cfg, 'ops'), 'lark').markdown).toBe('There is no incident #9. Send `list` to see the open incidents.');
    expect(composeReply({ kind: 'notFound', incidentId: 9, orAlert: false }, lookOf(cfg, 'dt'), 'dingtalk').markdown).toBe('没有故障 #9。发送 `list` 查看未恢复的故障。');
  });
  it('come from the chat\'s template set, one file for both languages or one per language', () => {
    const set = makeSet('common', { 'update.md': '{{#subject}}Change on {{id}}{{/subject}}{{actor}} did it', 'reply.en.md': 'English {{#is.help}}help{{/is.help}}' });
    const cfg = config([lark({ template: set, locale: 'en' }), dingtalk({ template: set })]);
    expect(composeNotice(body, lookOf(cfg, 'dt'), 'dingtalk')).toMatchObject({ title: 'Change on 42', markdown: 'carol did it', templates: { set, locale: 'zh-CN', dir } });
    expect(composeReply({ kind: 'help' }, lookOf(cfg, 'ops'), 'lark')).toEqual({ title: 'Gong', markdown: 'English help' });
    expect(composeReply({ kind: 'help' }, lookOf(cfg, 'dt'), 'dingtalk').markdown).toContain('Gong 命令');
  });
});

describe('start-up checks of templates', () => {
  it('name the template, the line and the problem of a broken one', () => {
    const set = makeSet('lark', { 'alert-card.json': '{\n  "body": {\n    "elements": [{{#labels}}]\n  }\n}' });
    expect(() => checkChatTemplates(config([lark({ template: set })]))).toThrow(`template lark/${set}/alert-card.json, line 5, column 2: Unclosed section "labels"`);
  });
  it('point at the line of the template, not of the output, when the output is not JSON', () => {
    const source = ['{', '  "body": {', '    "elements": [', '{{#labels}}', '      { "tag": "markdown", "content": "{{key}}" }{{^last}},{{/last}}', '{{/labels}}', '    ]', '  },', '  "title": {{title}}', '}'].join('\n');
    const notJson = makeSet('lark', { 'alert-card.json': source });
    expect(() => checkChatTemplates(config([lark({ template: notJson })]))).toThrow(
      `template lark/${notJson}/alert-card.json, line 9: the output is not JSON (Unexpected token 'H') near`,
    );
    const missingComma = makeSet('lark', { 'notice.json': '{\n"header": {}\n"body": {"elements": []}\n}' });
    expect(() => checkChatTemplates(config([lark({ template: missingComma })]))).toThrow(`template lark/${missingComma}/notice.json, line 3: the output is not JSON`);
    const noBody = makeSet('lark', { 'alert-card.json': '{"header": {}}' });
    expect(() => checkChatTemplates(config([lark({ template: noBody })]))).toThrow('the card needs body.elements');
  });
  it('refuse an unescaped value, a broken notice body and a set that does not exist', () => {
    const raw = makeSet('dingtalk', { 'alert-markdown.md': '### {{emoji}}\n{{{title}}}' });
    expect(() => checkChatTemplates(config([dingtalk({ template: raw })]))).toThrow(`template dingtalk/${raw}/alert-markdown.md, line 2, column 1: "title" is printed unescaped`);
    const body = makeSet('common', { 'stats.zh-CN.md': '{{#subject}}x{{/subject}}\n{{#noisiest}}' });
    expect(() => checkChatTemplates(config([dingtalk({ template: body })]))).toThrow(`template common/${body}/stats.zh-CN.md, line 2, column 14: Unclosed section "noisiest"`);
    expect(() => checkChatTemplates(config([lark({ template: 'no-such-set' })]))).toThrow('names template set "no-such-set"');
  });
  it('refuse a set whose messages outgrow the platform limit', () => {
    const big = makeSet('dingtalk', { 'notice.md': `{{title}}${'x'.repeat(16_000)}` });
    const robot = { name: 'dt', type: 'dingtalk-webhook' as const, webhook: 'https://oapi.dingtalk.com/robot/send', template: big } as Chats[number];
    expect(() => checkChatTemplates(config([robot]))).toThrow(/over the 15000-byte limit/);
  });
  it('check WeCom sets too', () => {
    const card = makeSet('wecom-webhook', { 'alert-card.json': '{"main_title": {"desc": "{{#text}}{{title}}{{/text}}"}}' });
    const wecom = { name: 'wc', type: 'wecom-webhook' as const, webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', format: 'template_card' as const, template: card } as Chats[number];
    expect(() => checkChatTemplates(config([wecom]))).toThrow(`template wecom-webhook/${card}/alert-card.json: not a text_notice card: main_title.title`);
  });
});
