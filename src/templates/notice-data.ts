import type { Notice } from '../cards/channel.js';
import { truncate } from '../cards/markdown.js';
import { Markdown } from './escape.js';

/**
 * What a notice template sees. A notice's Markdown arrives escaped by its producer, and the
 * mentions are written by each platform in its own syntax, so both are printed as Markdown.
 */
export function noticeData(notice: Notice, mentions: string) {
  return {
    kind: notice.kind,
    title: truncate(notice.title, 200),
    markdown: new Markdown(notice.markdown),
    mentions: mentions ? new Markdown(mentions) : null,
    is: { [notice.kind]: true },
  };
}
