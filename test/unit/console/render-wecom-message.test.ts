import { describe, expect, it } from 'vitest';
import { wecomMessageHtml } from '../../../src/console/render-wecom-message.js';

const names: Record<string, string> = { wangfang: 'Wang Fang' };
const nameOf = (id: string) => names[id] ?? id;

describe('WeCom messages drawn for the sandbox and previews', () => {
  it('draws markdown colours, quotes, bold, links and <@userid> mentions, and escapes the rest', () => {
    const content = '### #7 Disk full\n> <font color="warning">Critical</font> on **db-1**\n[Resolve](https://gong.example.com/a/abc) <@wangfang>\n<script>alert(1)</script>';
    const html = wecomMessageHtml('markdown', { msgtype: 'markdown', markdown: { content } }, nameOf);
    expect(html).toContain('<strong>#7 Disk full</strong>');
    expect(html).toContain('<span class="wc-quote"><span class="wc-warning">Critical</span> on <strong>db-1</strong></span>');
    expect(html).toContain('<a href="https://gong.example.com/a/abc" target="_blank" rel="noopener noreferrer">Resolve</a>');
    expect(html).toContain('<span class="at">@Wang Fang</span>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('draws a text_notice card: coloured source, rows with link rows, jump links and the card action', () => {
    const card = {
      card_type: 'text_notice',
      source: { desc: 'Gong · Critical', desc_color: 2 },
      main_title: { title: '#7 Disk <full>', desc: 'Triggered' },
      sub_title_text: 'Only 2% left\ninstance=db-1',
      horizontal_content_list: [{ keyname: 'Source', value: 'prom' }, { keyname: 'Runbook', value: 'Runbook', type: 1, url: 'https://runbooks.example.com/disk' }],
      jump_list: [{ type: 1, url: 'https://gong.example.com/a/ack', title: 'Acknowledge' }],
      card_action: { type: 1, url: 'https://gong.example.com/a/ack' },
    };
    const html = wecomMessageHtml('template_card', { msgtype: 'template_card', template_card: card });
    expect(html).toContain('<div class="wc-source wc-red">Gong · Critical</div>');
    expect(html).toContain('#7 Disk &lt;full&gt;');
    expect(html).toContain('Only 2% left<br>instance=db-1');
    expect(html).toContain('<a class="wc-link" href="https://runbooks.example.com/disk"');
    expect(html).toContain('<a class="wc-jump" href="https://gong.example.com/a/ack" target="_blank" rel="noopener">Acknowledge</a>');
    expect(html).toContain('<a class="wc-action" href="https://gong.example.com/a/ack"');
  });

  it('lists whom a text message mentions', () => {
    const html = wecomMessageHtml('text', { msgtype: 'text', text: { content: 'Escalated', mentioned_mobile_list: ['13800000000'], mentioned_list: ['@all'] } });
    expect(html).toContain('<span class="at">@all</span> <span class="at">@13800000000</span>');
  });
});
