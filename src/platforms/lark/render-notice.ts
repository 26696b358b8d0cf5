import type { Notice } from '../../cards/channel.js';
import { escapeMarkdown } from '../../cards/markdown.js';
import { noticeData } from '../../templates/notice-data.js';
import { renderJson } from '../../templates/render.js';
import { loadTemplate } from '../../templates/template-files.js';

/** A notice as a small card: the only Lark message type that renders Markdown and `<at>`. */
export function noticeCard(notice: Notice, kind: 'lark' | 'lark-webhook' = 'lark'): Record<string, unknown> {
  const mentions = (notice.mentions ?? []).map((person) => (person.lark ? `<at id=${person.lark}></at>` : `@${escapeMarkdown(person.name)}`)).join(' ');
  return renderJson(loadTemplate({ locale: 'zh-CN', ...notice.templates, kind }, 'notice.json'), noticeData(notice, mentions));
}
