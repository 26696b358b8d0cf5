import { formatDuration, parseDuration } from '../domain/duration.js';
import type { Locale } from './strings.js';

/**
 * A duration as people of the locale write it: `1h 35m` in English, `1 小时 35 分钟` in Chinese
 * (a Chinese reader does not read `h` and `m` as units).
 */
export function durationText(ms: number, locale: Locale): string {
  if (locale === 'en') return formatDuration(ms);
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return '不到 1 分钟';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  return [days && `${days} 天`, hours && `${hours} 小时`, mins && `${mins} 分钟`].filter(Boolean).join(' ');
}

/** A duration written as a command takes it (`30m`, `2h`, `1h 30m`) in the locale's words; anything else as it is. */
export function durationWords(written: string, locale: Locale): string {
  const ms = parseDuration(written.replace(/\s+/g, ''));
  return ms === undefined ? written : durationText(ms, locale);
}
