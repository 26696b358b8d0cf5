import { toWallTime } from '../domain/zoned-time.js';
import { escapeHtml } from '../http/html.js';

/** `2026-03-02 09:05`: an instant on the wall clock of `zone`. */
export function wallStamp(instant: Date, zone: string): string {
  const wall = toWallTime(instant, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(Math.floor(wall.minutes / 60))}:${pad(wall.minutes % 60)}`;
}

/** An instant as people read it, in the configured zone and naming it; the exact time stays in `datetime`. */
export function stampHtml(iso: string, zone: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return escapeHtml(iso);
  return `<time datetime="${escapeHtml(instant.toISOString())}">${escapeHtml(wallStamp(instant, zone))} <span class="zone">(${escapeHtml(zone)})</span></time>`;
}
