import { MARKDOWN_MAX_BYTES } from './wecom/limits.js';

/**
 * The smallest message each platform accepts, in UTF-8 bytes: a Lark custom bot takes 20 KB
 * (app cards 30 KB), a DingTalk robot message's msgParam 15,000 bytes, a WeCom robot's markdown
 * 4,096 (its template_card is cut to its field sizes in code).
 */
export const MAX_BYTES = { lark: 20 * 1024, dingtalk: 15_000, wecom: MARKDOWN_MAX_BYTES } as const;
