import { describe, expect, it } from 'vitest';
import { chatSchema } from '../../../src/config/schema.js';
import { previewHtml } from '../../../src/console/preview.js';

const preview = (chat: object) => previewHtml({ locale: 'en', timeZone: 'UTC' }, chatSchema.parse({ name: 'ops', ...chat }));

describe('the console preview of a chat', () => {
  it('draws the card each chat type gets first, with links that lead nowhere', () => {
    const kinds = {
      lark: preview({ type: 'lark', chatId: 'oc_1' }),
      larkBot: preview({ type: 'lark-webhook', webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/x' }),
      dingtalk: preview({ type: 'dingtalk', conversationId: 'cid1' }),
      robot: preview({ type: 'dingtalk-webhook', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=x', keywords: ['GONG'] }),
      wecomCard: preview({ type: 'wecom-webhook', webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x' }),
      wecomMarkdown: preview({ type: 'wecom-webhook', webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', format: 'markdown' }),
    };
    for (const html of Object.values(kinds)) expect(html).toContain('#42 HighCPU on web-3');
    // App cards call back, so their buttons draw inert; custom bots' and robots' lead to a placeholder, never a signed page.
    expect(kinds.lark).toContain('<button type="button" class="lk-btn lk-primary" disabled>Acknowledge</button>');
    expect(kinds.larkBot).toContain('<a class="lk-btn lk-primary" href="#preview"');
    expect(kinds.dingtalk).toMatch(/^<article class="dt-card dt-triggered">/);
    expect(kinds.dingtalk).toContain('<button type="button" class="dt-btn dt-primary" disabled>Acknowledge</button>');
    // A custom robot's markdown carries the keyword it needs.
    expect(kinds.robot).toContain('<div class="dt-title">GONG 🔴 #42 HighCPU on web-3</div>');
    expect(kinds.wecomCard).toMatch(/^<article class="wc-card">/);
    expect(kinds.wecomMarkdown).toMatch(/^<div class="wc-md">/);
    for (const html of Object.values(kinds)) expect(html).not.toMatch(/\/a\/[A-Za-z0-9_-]{8,}/);
  });
});
