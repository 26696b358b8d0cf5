/**
 * What one WeCom group robot accepts (protocols/wecom.md). The delivery layer's rate budgets read
 * the per-minute figure; the renderer keeps every message inside the sizes.
 */
export const WECOM_MESSAGES_PER_MINUTE = 20;
export const WECOM_WINDOW_MS = 60_000;
export const TEXT_MAX_BYTES = 2048;
export const MARKDOWN_MAX_BYTES = 4096;
export const MAX_JUMPS = 3;
export const MAX_ROWS = 6;
/** What Gong lets a template_card's sub_title_text take, so the card stays readable. */
export const SUB_TITLE_BYTES = 600;
