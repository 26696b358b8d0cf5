import type { Notice, Person } from '../../cards/channel.js';
import { escapeMarkdown } from '../../cards/markdown.js';
import { plainText } from '../../templates/escape.js';
import { noticeData } from '../../templates/notice-data.js';
import { renderMarkdown } from '../../templates/render.js';
import type { ChannelKind } from '../../cards/channel.js';
import { loadTemplate } from '../../templates/template-files.js';
import type { WebhookAt } from './webhook-post.js';

/**
 * A notice as DingTalk markdown. A real @ needs the person's userId (or mobile) both in `at` and
 * written as `@id` in the text; people known only by name are written as plain `@name`.
 */
export function noticeMarkdown(notice: Notice, kind: ChannelKind = 'dingtalk'): { title: string; text: string; at: WebhookAt } {
  const people = notice.mentions ?? [];
  const handle = (person: Person) => `@${person.dingtalk ?? person.mobile ?? escapeMarkdown(person.name)}`;
  const atUserIds = people.flatMap((person) => (person.dingtalk ? [person.dingtalk] : []));
  const atMobiles = people.flatMap((person) => (!person.dingtalk && person.mobile ? [person.mobile] : []));
  const template = loadTemplate({ locale: 'zh-CN', ...notice.templates, kind }, 'notice.md');
  return {
    title: plainText(notice.title),
    text: renderMarkdown(template, noticeData(notice, people.map(handle).join(' '))),
    at: { ...(atUserIds.length && { atUserIds }), ...(atMobiles.length && { atMobiles }) },
  };
}
