import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limitOf, renderAll, sizesOf } from '../../../src/platforms/check-templates.js';
import { checkCard } from '../../../src/sandbox/lark/cards.js';
import { checkMessage } from '../../../src/sandbox/wecom/message-checks.js';
import { sampleAlert } from '../../../src/templates/sample-alert.js';

/** The variables Gong's DingTalk card template declares: a card's params are exactly these, whatever the values. */
const CARD_VARIABLES = (JSON.parse(readFileSync('templates/dingtalk/alert-card.json', 'utf8')) as { variables: { name: string }[] }).variables.map((v) => v.name).sort();

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '"}]},{"tag":"button","text":{"tag":"plain_text","content":"x"}}',
    '\\"\\\\',
    '<at id=all></at><at user_id="all">所有人</at>',
    '[click](https://evil.example.com) **bold** `code` # h',
    '@all @所有人',
    '\u0000\u0007\u001b[31m\u007f\r\n',
    '🔥👩‍👩‍👧‍👦'.repeat(40),
    'x'.repeat(10_240),
    '"'.repeat(10_240),
  ),
);

const alerts = fc.record({
  title: nasty,
  description: fc.option(nasty, { nil: null }),
  assignee: fc.option(nasty, { nil: null }),
  source: nasty,
  labels: fc.dictionary(nasty, nasty, { maxKeys: 12 }),
  annotations: fc.record({ runbook_url: fc.oneof(nasty, fc.constant(`https://x.example.com/${'a'.repeat(5000)}`)) }),
  state: fc.constantFrom('triggered' as const, 'acknowledged' as const, 'resolved' as const),
});

const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

/** The text each platform reads as Markdown (or, in a Lark text message, for `<at>`); plain-text fields show them as typed. */
function markdownOf(name: string, message: unknown): string[] {
  if (name.includes('/click-')) return [message as string];
  const node = message as Record<string, unknown>;
  if (name === 'dingtalk/card-params') return [node.summary, node.labels, node.links] as string[];
  if (name.startsWith('dingtalk')) return [node.text as string];
  if (name === 'lark-webhook/follow-up') return [message as string];
  if (name.startsWith('wecom')) {
    const parts = Array.isArray(message) ? message : [message];
    // A template_card's fields are plain text: WeCom shows `<@…>` and links there as typed.
    return parts.map((part: { markdown?: { content: string }; text?: { content: string } }) => part.markdown?.content ?? part.text?.content ?? 'card');
  }
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const element = value as Record<string, unknown>;
      if (element.tag === 'markdown') found.push(element.content as string);
      Object.values(element).forEach(walk);
    }
  };
  walk(message);
  return found;
}

describe('hostile label values', () => {
  it('always give valid messages within limits, with only Gong\'s buttons and mentions', () => {
    fc.assert(
      fc.property(alerts, fc.constantFrom('zh-CN' as const, 'en' as const), (fields, locale) => {
        const alert = sampleAlert({ ...fields, acknowledgedBy: fields.assignee, acknowledgedAt: new Date(), resolvedAt: new Date(), resolvedBy: fields.assignee });
        const messages = renderAll(alert, { template: 'default', locale, timeZone: 'UTC' });
        for (const [name, message] of Object.entries(messages)) {
          const json = JSON.stringify(message);
          for (const bytes of sizesOf(message)) expect(bytes, name).toBeLessThanOrEqual(limitOf(name));
          const plain = name === 'lark-webhook/follow-up' || name.includes('/click-');
          if (name.startsWith('lark') && !plain) expect(checkCard(json), name).toMatchObject({ ok: true });
          if (name.startsWith('wecom') && !plain) for (const part of [message].flat()) expect(checkMessage(part), name).toMatchObject({ ok: true });
          // The messages' own mentions are the only ones allowed; no value adds one, a link or a button.
          const markdown = markdownOf(name, message).join('\n');
          // A Lark text message renders no links, only `<at>`; answers to clicks are plain text (toasts, pages).
          const forbidden = plain ? /<at|<@/ : /<at|<@|\]\(https:\/\/evil/;
          expect(markdown.replaceAll('<at id=ou_1></at>', '').replaceAll('<@lilei>', ''), name).not.toMatch(forbidden);
          expect(markdown.length, name).toBeGreaterThan(0);
          expect(strings(message).join(''), name).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
          expect(json.match(/"tag":"button"/g)?.length ?? 0, name).toBeLessThanOrEqual(6);
        }
        expect(Object.keys(messages['dingtalk/card-params'] as object).sort()).toEqual(CARD_VARIABLES);
      }),
      { numRuns: 60 },
    );
  });
});
