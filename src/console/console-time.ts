import { formatTime } from '../cards/alert-view.js';
import { escapeHtml } from '../http/html.js';
import type { Words } from './words.js';

/**
 * Every time the console shows, on the configured zone's clock (`timezone`), as cards show it
 * (`formatTime`): one place, so no page shows the server's zone or UTC by accident. Pages name
 * the zone once (a caption, a column header); `<time datetime>` keeps the instant for machines.
 */
export interface ConsoleClock {
  /** The configured zone, such as `Asia/Shanghai`. */
  readonly zone: string;
  /** `2026-01-02 10:02`. */
  full(date: Date): string;
  /** `10:02` when it is the same day as `now` in the zone, else `2026-01-03 10:02`. */
  near(date: Date, now?: Date): string;
  /** `<time datetime="2026-01-02T02:02:00.000Z">2026-01-02 10:02</time>`; `text` replaces what people read. Nothing for no date. */
  tag(date: Date | null, text?: string): string;
  /** An ISO instant as `tag` shows it, naming the zone after it; text that is not an instant is shown as it is. */
  stamp(iso: string): string;
}

export function consoleClock(zone: string): ConsoleClock {
  const full = (date: Date) => formatTime(date, zone);
  const tag = (date: Date | null, text?: string) => (date ? `<time datetime="${date.toISOString()}">${escapeHtml(text ?? full(date))}</time>` : '');
  return {
    zone,
    full,
    near: (date, now = new Date()) => {
      const shown = full(date);
      return shown.slice(0, 10) === full(now).slice(0, 10) ? shown.slice(11) : shown;
    },
    tag,
    stamp: (iso) => {
      const instant = new Date(iso);
      return Number.isNaN(instant.getTime()) ? escapeHtml(iso) : `${tag(instant)} <span class="zone">(${escapeHtml(zone)})</span>`;
    },
  };
}

/** `2 h 30 min` / `2 小时 30 分钟`: a span of time in the page's language (whole minutes). */
export function durationText(ms: number, words: Words): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return words.t('timeline.underAMinute');
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  return [
    days ? words.t('timeline.days', { n: days }) : '',
    hours ? words.t('timeline.hours', { n: hours }) : '',
    mins ? words.t('timeline.minutes', { n: mins }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * A message's text as HTML: the text escaped, its `{placeholders}` filled with HTML the caller
 * built (and escaped). Call with `words.t('<file>.<key>')` without values, so the key stays literal.
 */
export function fillHtml(text: string, html: Readonly<Record<string, string>>): string {
  return escapeHtml(text).replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(html, name) ? html[name]! : whole));
}
