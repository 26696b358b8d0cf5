import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParsedConfig } from '../../../src/config/schema.js';
import { buildAlertView } from '../../../src/platforms/alert-view.js';
import { checkChatTemplates } from '../../../src/platforms/check-templates.js';
import { renderLarkCard } from '../../../src/platforms/lark/render-card.js';
import { viewOptionsFor } from '../../../src/platforms/view-options.js';
import { sampleAlert } from '../../../src/templates/sample-alert.js';
import { TEMPLATES_DIR } from '../../../src/templates/template-files.js';

type Chats = ParsedConfig['chats'];
const config = (chats: Chats) => ({ locale: 'zh-CN' as const, timezone: 'Asia/Shanghai', chats });
const lark = (extra: Partial<Chats[number]> = {}) => ({ name: 'ops', type: 'lark' as const, chatId: 'oc_1', ...extra }) as Chats[number];

// Sets made by these tests live in the real templates folder, under names no one would choose.
const made: string[] = [];
function makeSet(platform: string, files: Record<string, string>): string {
  const set = `test-set-${process.pid}-${made.length}`;
  const dir = join(TEMPLATES_DIR, platform, set);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  made.push(dir);
  return set;
}
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('per-chat card options', () => {
  it('give a chat its own locale, labels and links over the global ones', () => {
    const options = viewOptionsFor(
      config([lark({ locale: 'en', labels: { include: ['job', 'instance', 'missing'], exclude: ['instance'] }, links: [{ title: 'Logs', annotation: 'logs' }] })]),
      'ops',
    );
    const view = buildAlertView(sampleAlert({ annotations: { logs: 'https://logs.example.com/q', runbook: 'javascript:alert(1)' } }), options);
    expect(view.locale).toBe('en');
    expect(view.labels).toEqual([['job', 'node']]);
    expect(view.links.map((link) => link.title)).toEqual(['Source graph', 'Logs']);
    expect(viewOptionsFor(config([lark()]), 'another').locale).toBe('zh-CN');
  });
  it('draw a chat\'s card from its template set, taking missing kinds from default', () => {
    const set = makeSet('lark', { 'alert-card.json': '{"header":{"title":{"tag":"plain_text","content":"{{#text}}Custom {{title}}{{/text}}"}},"body":{"elements":[]}}' });
    const view = buildAlertView(sampleAlert(), viewOptionsFor(config([lark({ template: set })]), 'ops'));
    const card = renderLarkCard(view) as { header: { title: { content: string } }; body: { elements: { tag: string }[] } };
    expect(card.header.title.content).toBe('Custom HighCPU on web-3');
    expect(card.body.elements.map((element) => element.tag)).toEqual(['column_set']);
    expect(() => checkChatTemplates(config([lark({ template: set })]))).not.toThrow();
  });
});

describe('start-up checks of templates', () => {
  it('name the template, the line and the problem of a broken one', () => {
    const set = makeSet('lark', { 'alert-card.json': '{\n  "body": {\n    "elements": [{{#labels}}]\n  }\n}' });
    expect(() => checkChatTemplates(config([lark({ template: set })]))).toThrow(`template lark/${set}/alert-card.json, line 5, column 2: Unclosed section "labels"`);
  });
  it('refuse output that is not JSON, and a card without body.elements', () => {
    const notJson = makeSet('lark', { 'alert-card.json': '{"body": {"elements": []}, "title": {{title}}}' });
    expect(() => checkChatTemplates(config([lark({ template: notJson })]))).toThrow(`template lark/${notJson}/alert-card.json, line 1, column`);
    const noBody = makeSet('lark', { 'alert-card.json': '{"header": {}}' });
    expect(() => checkChatTemplates(config([lark({ template: noBody })]))).toThrow('the card needs body.elements');
  });
  it('refuse an unescaped value and a set that does not exist', () => {
    const raw = makeSet('dingtalk', { 'alert-markdown.md': '### {{emoji}}\n{{{title}}}' });
    const dingtalk = { name: 'dt', type: 'dingtalk' as const, conversationId: 'cid', template: raw } as Chats[number];
    expect(() => checkChatTemplates(config([dingtalk]))).toThrow(`template dingtalk/${raw}/alert-markdown.md, line 2, column 1: "title" is printed unescaped`);
    expect(() => checkChatTemplates(config([lark({ template: 'no-such-set' })]))).toThrow('names template set "no-such-set"');
  });
  it('refuse a set whose messages outgrow the platform limit', () => {
    const big = makeSet('dingtalk', { 'notice.md': `{{title}}${'x'.repeat(16_000)}` });
    const dingtalk = { name: 'dt', type: 'dingtalk-webhook' as const, webhook: 'https://oapi.dingtalk.com/robot/send', template: big } as Chats[number];
    expect(() => checkChatTemplates(config([dingtalk]))).toThrow(/over the 15000-byte limit/);
  });
});
