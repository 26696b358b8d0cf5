import type { ScheduleConfig } from '../config/routing-schema.js';
import type { OnCallJson } from '../people/oncall-now.js';
import { escapeHtml } from '../http/html.js';
import type { Words } from './words.js';
import { formatTime } from '../cards/alert-view.js';

type Shift = NonNullable<OnCallJson['now']>;

/** Each schedule's rotation, and who is on call now and next, as the schedule's own clock shows it (its zone in its own column). */
export function onCallTable(schedules: readonly ScheduleConfig[], oncall: readonly OnCallJson[], words: Words): string {
  const { t } = words;
  if (schedules.length === 0) return `<p class="muted">${escapeHtml(t('config.noSchedules'))}</p>`;
  const byName = new Map(oncall.map((entry) => [entry.schedule, entry]));
  const columns = [t('config.columnNow'), t('config.columnNext'), t('config.columnRotation'), t('config.columnZone'), t('config.columnOverrides')];
  const cell = (n: number, html: string, attributes = '') => `<td data-label="${escapeHtml(columns[n]!)}"${attributes}>${html}</td>`;
  const rows = schedules
    .map((schedule) => {
      const entry = byName.get(schedule.name);
      const zone = entry?.timezone ?? schedule.timezone ?? 'UTC';
      const { rotation } = schedule;
      const period = rotation.period === 'daily' ? t('config.periodDaily') : t('config.periodWeekly');
      const overrides = schedule.overrides.length
        ? schedule.overrides.map((o) => escapeHtml(t('config.override', { user: o.user, from: o.from, to: o.to }))).join('<br>')
        : `<span class="muted">${escapeHtml(t('config.noOverrides'))}</span>`;
      return `<tr data-schedule="${escapeHtml(schedule.name)}"><th scope="row">${escapeHtml(schedule.name)}</th>
${cell(0, shiftCell(words, entry?.now ?? null, zone, 'until'), ' class="oncall-now"')}${cell(1, shiftCell(words, entry?.next ?? null, zone, 'from'), ' class="oncall-next"')}
${cell(2, `${escapeHtml(rotation.users.join(' → '))}<br><span class="muted">${escapeHtml(t('config.rotation', { period, handoff: rotation.handoff.text, start: rotation.start }))}</span>`)}
${cell(3, escapeHtml(zone))}${cell(4, overrides)}</tr>`;
    })
    .join('');
  return `<table class="stack"><thead><tr><th scope="col">${escapeHtml(t('config.columnSchedule'))}</th>${columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

function shiftCell(words: Words, shift: Shift | null, zone: string, edge: 'until' | 'from'): string {
  const { t } = words;
  if (!shift) return `<span class="muted">${escapeHtml(t('config.nobody'))}</span>`;
  // The schedule's wall clock, which is how its hand-offs are configured.
  const time = formatTime(new Date(edge === 'until' ? shift.to : shift.from), zone);
  return `<strong>${escapeHtml(shift.user)}</strong>${shift.override ? ` <span class="hint">${escapeHtml(t('config.isOverride'))}</span>` : ''}<br><span class="muted">${escapeHtml(edge === 'until' ? t('config.until', { time }) : t('config.from', { time }))}</span>`;
}
