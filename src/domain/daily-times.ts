import { addDays, fromWallTime, toWallTime } from './zoned-time.js';

/** The first moment after `after` when the wall clock in `timeZone` shows `clock` (minutes after midnight). */
export function nextDailyAt(clock: number, timeZone: string, after: Date): Date {
  const today = toWallTime(after, timeZone);
  for (let days = 0; days < 3; days++) {
    const candidate = fromWallTime({ ...addDays(today, days), minutes: clock }, timeZone);
    if (candidate > after) return candidate;
  }
  throw new Error(`no ${clock} minutes after midnight in ${timeZone} within three days`);
}

/** The local calendar day (YYYY-MM-DD) containing `at`, and where it starts and ends. */
export function localDay(at: Date, timeZone: string): { date: string; from: Date; to: Date } {
  const wall = toWallTime(at, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`,
    from: fromWallTime({ ...wall, minutes: 0 }, timeZone),
    to: fromWallTime({ ...addDays(wall, 1), minutes: 0 }, timeZone),
  };
}
