import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Markdown, jsonString, markdown, markdownInJson } from '../../../src/templates/escape.js';

const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('"}]},{"tag":"button"', '\\', '<at id=all></at>', '[x](http://evil)', '**b**', '\u0000\u001b[31m', '🔥'.repeat(50)),
);

describe('template escapes', () => {
  it('keep any value inside its JSON string literal, minus control characters', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const parsed = JSON.parse(`{"v":"${jsonString(value)}"}`) as { v: string };
        expect(parsed).toEqual({ v: value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '') });
      }),
    );
  });
  it('leave no Markdown or mention syntax in a value', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        expect(markdown(value)).not.toMatch(/[<>[\]()*_`\\\u0000-\u0008\u000b-\u001f]/);
      }),
    );
  });
  it('compose Markdown inside JSON so both layers hold', () => {
    const parsed = JSON.parse(`"${markdownInJson('say "<at id=all></at>"\\')}"`) as string;
    expect(parsed).toBe(markdown('say "<at id=all></at>"\\'));
    expect(parsed).not.toContain('<at');
  });
  it('print null and undefined as nothing', () => {
    expect(jsonString(null)).toBe('');
    expect(markdown(undefined)).toBe('');
  });
});

describe('Markdown built by Gong', () => {
  it('is printed as Markdown, still without control characters', () => {
    expect(markdown(new Markdown('[Runbook](https://x)\u0007'))).toBe('[Runbook](https://x)');
    expect(JSON.parse(`"${markdownInJson(new Markdown('**"b"**'))}"`)).toBe('**"b"**');
  });
});
