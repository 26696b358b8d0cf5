import { parseClock, parseDate, type WallTime } from '../domain/zoned-time.js';

/**
 * A schedule override's `from`/`to`: `2026-03-01 09:00` is wall time in the schedule's zone, a
 * trailing Z or offset makes it an instant. Undefined unless the date and the time are real ones.
 */
export function readInstant(text: string): { at?: Date; wall?: WallTime } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!match) return undefined;
  const date = parseDate(match[1]!);
  const minutes = parseClock(match[2]!);
  if (!date || minutes === undefined || (match[3] && Number(match[3].slice(1, 3)) > 59)) return undefined;
  if (!match[5]) return { wall: { ...date, minutes } };
  const at = new Date(text.trim().replace(' ', 'T'));
  return Number.isNaN(at.getTime()) ? undefined : { at };
}
