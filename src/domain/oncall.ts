import { addDays, daysBetween, fromWallTime, toWallTime, type WallTime } from './zoned-time.js';

/** One on-call schedule (config `schedules:`), with times already parsed. */
export interface Schedule {
  name: string;
  timeZone: string;
  rotation: {
    users: string[];
    /** The day the first user's first shift starts. */
    start: Pick<WallTime, 'year' | 'month' | 'day'>;
    period: 'daily' | 'weekly';
    /** Minutes after local midnight when one shift hands over to the next. */
    handoff: number;
  };
  /** Someone covering a stretch instead of the rotation ([from, to)). */
  overrides: { user: string; from: Date; to: Date }[];
}

export interface Shift {
  user: string;
  from: Date;
  to: Date;
  override: boolean;
}

export interface OnCall {
  schedule: string;
  now: Shift | null;
  next: Shift | null;
}

/** Who is on call at `at`, and who takes over when that shift ends. */
export function onCallAt(schedule: Schedule, at: Date): OnCall {
  const now = shiftAt(schedule, at);
  const next = now ? shiftAt(schedule, now.to) : null;
  return { schedule: schedule.name, now, next };
}

/** The shift covering `at`: an override when one is active, else the rotation's (cut short by the next override). */
export function shiftAt(schedule: Schedule, at: Date): Shift | null {
  const active = schedule.overrides.find((o) => o.from <= at && at < o.to);
  if (active) return { user: active.user, from: active.from, to: active.to, override: true };
  const rotation = rotationShift(schedule, at);
  if (!rotation) return null;
  const interrupting = schedule.overrides
    .filter((o) => o.from > at && o.from < rotation.to)
    .sort((a, b) => a.from.getTime() - b.from.getTime())[0];
  return interrupting ? { ...rotation, to: interrupting.from } : rotation;
}

function rotationShift(schedule: Schedule, at: Date): Shift | null {
  const { users, start, period, handoff } = schedule.rotation;
  if (users.length === 0) return null;
  const length = period === 'daily' ? 1 : 7;
  const wall = toWallTime(at, schedule.timeZone);
  // Before today's handoff, the shift that started on an earlier day is still running.
  const today = wall.minutes >= handoff ? wall : addDays(wall, -1);
  const index = Math.floor(daysBetween(start, today) / length);
  const first = addDays({ ...start, minutes: handoff }, index * length);
  return {
    user: users[((index % users.length) + users.length) % users.length]!,
    from: fromWallTime(first, schedule.timeZone),
    to: fromWallTime(addDays(first, length), schedule.timeZone),
    override: false,
  };
}
