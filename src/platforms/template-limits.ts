/**
 * The smallest message each platform accepts, in UTF-8 bytes: a Lark custom bot takes 20 KB
 * (app cards 30 KB), a DingTalk robot message's msgParam 15,000 bytes.
 */
export const MAX_BYTES = { lark: 20 * 1024, dingtalk: 15_000 } as const;
