import { describe, expect, it } from 'vitest';
import { TemplateSyntaxError } from '../../../src/shared/template-engine.js';
import { mustacheEngine } from '../../../src/shared/mustache-engine.js';

const upper = (value: unknown) => String(value).toUpperCase();
const bracket = (value: unknown) => `[${String(value)}]`;

function syntaxError(source: string): TemplateSyntaxError {
  try {
    mustacheEngine.compile(source);
  } catch (error) {
    return error as TemplateSyntaxError;
  }
  throw new Error('compiled');
}

describe('the mustache engine', () => {
  it('escapes every value with the escape of the render', () => {
    expect(mustacheEngine.compile('{{a}}-{{#list}}{{.}}{{/list}}').render({ a: 'x', list: ['y', 'z'] }, { escape: upper })).toBe('X-YZ');
  });
  it('switches the escape inside a named section, and back after it', () => {
    const template = mustacheEngine.compile('{{a}} {{#text}}{{a}} {{b.c}}{{/text}} {{a}}');
    expect(template.render({ a: 'x', b: { c: 'y' } }, { escape: upper, sections: { text: bracket } })).toBe('X [x] [y] X');
  });
  it('refuses unescaped values, partials and new delimiters, with their offset', () => {
    expect(syntaxError('ab{{{raw}}}')).toMatchObject({ message: '"raw" is printed unescaped; use {{raw}}', offset: 2 });
    expect(syntaxError('{{#s}}{{& raw}}{{/s}}').offset).toBe(6);
    expect(syntaxError('{{> other}}').message).toContain('partials');
    expect(syntaxError('{{=<% %>=}}').message).toContain('delimiters');
  });
  it('reports parse errors with their offset', () => {
    expect(syntaxError('abc {{#open}} x')).toMatchObject({ message: 'Unclosed section "open"', offset: 15 });
    expect(syntaxError('x {{oops')).toMatchObject({ message: 'Unclosed tag', offset: 8 });
  });
});
