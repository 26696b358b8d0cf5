import { compileSchedules } from '../config/compile-routing.js';
import type { ParsedConfig } from '../config/schema.js';
import { onCallAt, type Shift } from '../domain/oncall.js';

export interface OnCallJson {
  schedule: string;
  timezone: string;
  now: ShiftJson | null;
  next: ShiftJson | null;
}

interface ShiftJson {
  user: string;
  from: string;
  to: string;
  override: boolean;
}

/** Who is on call now and next in every schedule (the `oncall` command, the API and the console). */
export function onCallNow(config: Pick<ParsedConfig, 'schedules' | 'timezone'>, now = new Date()): OnCallJson[] {
  const json = (shift: Shift | null): ShiftJson | null =>
    shift && { user: shift.user, from: shift.from.toISOString(), to: shift.to.toISOString(), override: shift.override };
  return compileSchedules(config).map((schedule) => {
    const current = onCallAt(schedule, now);
    return { schedule: schedule.name, timezone: schedule.timeZone, now: json(current.now), next: json(current.next) };
  });
}
