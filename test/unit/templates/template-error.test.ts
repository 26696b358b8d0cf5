import { describe, expect, it } from 'vitest';
import { TemplateError, locate } from '../../../src/templates/template-error.js';

describe('template errors', () => {
  it('turn an offset into a 1-based line and column', () => {
    const source = '{\n  "a": "{{x}}",\n  "b": "{{#y}}"\n}';
    expect(locate(source, 0)).toEqual({ line: 1, column: 1 });
    expect(locate(source, source.indexOf('{{#y'))).toEqual({ line: 3, column: 9 });
    expect(locate(source, 10_000)).toEqual({ line: 4, column: 2 });
  });
  it('name the template, the line and the problem', () => {
    expect(new TemplateError('lark/default/alert-card.json', 'unclosed section "y"', { line: 3, column: 9 }).message).toBe(
      'template lark/default/alert-card.json, line 3, column 9: unclosed section "y"',
    );
  });
});
