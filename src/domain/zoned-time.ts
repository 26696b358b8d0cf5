/** A calendar date and a time of day on the wall clock of some time zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  /** Minutes since local midnight. */
  minutes: number;
}

/** Parses `09:00` (24-hour `HH:MM`) into minutes since midnight; undefined when it is not one. */
export function parseClock(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Parses `2026-01-05` into a date; undefined when it is not a real calendar date. */
export function parseDate(text: string): Pick<WallTime, 'year' | 'month' | 'day'> | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? { year, month, day } : undefined;
}

/** The wall clock in `timeZone` at `instant`. */
export function toWallTime(instant: Date, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
    })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  return { year: parts.year!, month: parts.month!, day: parts.day!, minutes: (parts.hour! % 24) * 60 + parts.minute! };
}

/**
 * The instant the wall clock in `timeZone` shows `wall`. A time skipped by a DST jump resolves to
 * the instant just after the jump; a repeated one to its first occurrence.
 */
export function fromWallTime(wall: WallTime, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, 0, wall.minutes);
  // Two rounds of "how far off is the zone here" settle every real-world offset change.
  let guess = asUtc;
  for (let round = 0; round < 2; round++) guess = asUtc - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** Whole days from one calendar date to another. */
export function daysBetween(from: Pick<WallTime, 'year' | 'month' | 'day'>, to: Pick<WallTime, 'year' | 'month' | 'day'>): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000);
}

/** `date` moved by `days` calendar days. */
export function addDays<T extends Pick<WallTime, 'year' | 'month' | 'day'>>(date: T, days: number): T {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { ...date, year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

function offsetMs(instant: Date, timeZone: string): number {
  const wall = toWallTime(instant, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, 0, wall.minutes);
  return wallAsUtc - Math.floor(instant.getTime() / 60_000) * 60_000;
}
