import type { ScheduleConfig } from '../config/routing-schema.js';
import type { OnCallJson } from '../people/oncall-now.js';
import { toWallTime } from '../domain/zoned-time.js';
import { escapeHtml } from '../http/html.js';

type Shift = NonNullable<OnCallJson['now']>;

/** Each schedule's rotation, and who is on call now and next, as the schedule's own clock shows it. */
export function onCallTable(schedules: readonly ScheduleConfig[], oncall: readonly OnCallJson[]): string {
  if (schedules.length === 0) return '<p class="muted">None configured (<code>schedules:</code> in the config file).</p>';
  const byName = new Map(oncall.map((entry) => [entry.schedule, entry]));
  const rows = schedules
    .map((schedule) => {
      const entry = byName.get(schedule.name);
      const zone = entry?.timezone ?? schedule.timezone ?? 'UTC';
      const { rotation } = schedule;
      return `<tr data-schedule="${escapeHtml(schedule.name)}"><th scope="row">${escapeHtml(schedule.name)}</th>
<td class="oncall-now">${shiftCell(entry?.now ?? null, zone, 'until')}</td><td class="oncall-next">${shiftCell(entry?.next ?? null, zone, 'from')}</td>
<td>${escapeHtml(rotation.users.join(' → '))}<br><span class="muted">${escapeHtml(rotation.period)}, hand-off ${escapeHtml(rotation.handoff.text)}, from ${escapeHtml(rotation.start)}</span></td>
<td>${escapeHtml(zone)}</td><td>${schedule.overrides.length ? schedule.overrides.map((o) => `${escapeHtml(o.user)}: ${escapeHtml(o.from)} – ${escapeHtml(o.to)}`).join('<br>') : '<span class="muted">none</span>'}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th scope="col">Schedule</th><th scope="col">On call now</th><th scope="col">Next</th><th scope="col">Rotation</th><th scope="col">Time zone</th><th scope="col">Overrides</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function shiftCell(shift: Shift | null, zone: string, edge: 'until' | 'from'): string {
  if (!shift) return '<span class="muted">nobody</span>';
  const at = edge === 'until' ? shift.to : shift.from;
  return `<strong>${escapeHtml(shift.user)}</strong>${shift.override ? ' <span class="hint">(override)</span>' : ''}<br><span class="muted">${edge} ${escapeHtml(wallClock(new Date(at), zone))}</span>`;
}

/** `2026-03-02 09:00`: the schedule's wall clock, which is how its hand-offs are configured. */
function wallClock(instant: Date, zone: string): string {
  const wall = toWallTime(instant, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(Math.floor(wall.minutes / 60))}:${pad(wall.minutes % 60)}`;
}
