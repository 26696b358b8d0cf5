import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../../../src/console/mini-markdown.js';
import { larkCardHtml } from '../../../src/console/render-lark-card.js';
import { escapeMarkdown } from '../../../src/cards/markdown.js';

describe('markdownToHtml', () => {
  it('draws bold, links, code and mentions', () => {
    expect(markdownToHtml('**Source**: [Runbook](https://wiki/x) `a=b` <at id=ou_1></at>', (id) => (id === 'ou_1' ? 'Alice' : id))).toBe(
      '<strong>Source</strong>: <a href="https://wiki/x" target="_blank" rel="noopener noreferrer">Runbook</a> <code>a=b</code> <span class="at">@Alice</span>',
    );
  });

  it('shows escaped card text as the characters it stands for, and never as markup', () => {
    const hostile = '<img src=x onerror=alert(1)> **not bold** [x](javascript:alert(1))';
    const html = markdownToHtml(escapeMarkdown(hostile));
    expect(html).toBe('&lt;img src=x onerror=alert(1)&gt; **not bold** [x](javascript:alert(1))');
    expect(markdownToHtml('[x](javascript:alert(1))')).not.toContain('href');
  });
});

describe('larkCardHtml', () => {
  it('escapes the header and carries the button value for the sandbox', () => {
    const html = larkCardHtml(
      {
        header: { template: 'red', title: { content: '<b>#1</b>' } },
        body: { elements: [{ tag: 'button', text: { content: 'Ack' }, type: 'primary', behaviors: [{ type: 'callback', value: { action: 'ack', alertId: '1' } }] }] },
      },
      { interactive: true },
    );
    expect(html).toContain('&lt;b&gt;#1&lt;/b&gt;');
    expect(html).toContain('data-click="{&quot;value&quot;:{&quot;action&quot;:&quot;ack&quot;,&quot;alertId&quot;:&quot;1&quot;},&quot;tag&quot;:&quot;button&quot;}"');
    expect(larkCardHtml({ body: { elements: [{ tag: 'button', text: { content: 'Ack' } }] } }, { interactive: false })).toContain(' disabled>');
  });
});
