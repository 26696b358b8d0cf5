import type { EscalationPolicy } from '../domain/escalation.js';
import type { Schedule } from '../domain/oncall.js';
import type { Route } from '../domain/routes.js';
import { fromWallTime, parseClock, parseDate } from '../domain/zoned-time.js';
import type { ParsedConfig } from './schema.js';

/** Turns the validated configuration into the plain values the pure domain functions take. */

export function compileRoutes(config: Pick<ParsedConfig, 'routes'>): Route[] {
  return config.routes.map((route, i) => ({
    name: route.name ?? `routes[${i}]`,
    match: route.match,
    chats: route.chats,
    ...(route.escalation && { escalation: route.escalation }),
    ...(route.groupBy && { groupBy: route.groupBy }),
    continue: route.continue,
  }));
}

export function compilePolicies(config: Pick<ParsedConfig, 'escalations'>): Map<string, EscalationPolicy> {
  return new Map(
    config.escalations.map((policy) => [
      policy.name,
      {
        name: policy.name,
        steps: policy.steps.map((step) => ({
          afterMs: step.after,
          notify: step.notify,
          mention: step.mention,
          ...(step.urgent && { urgent: step.urgent }),
          ...(step.webhook && { webhook: step.webhook }),
        })),
        repeat: policy.repeat,
        ackTimeoutMs: policy.ackTimeout ?? null,
      },
    ]),
  );
}

export function compileSchedules(config: Pick<ParsedConfig, 'schedules' | 'timezone'>): Schedule[] {
  return config.schedules.map((schedule) => {
    const timeZone = schedule.timezone ?? config.timezone;
    return {
      name: schedule.name,
      timeZone,
      rotation: {
        users: schedule.rotation.users,
        start: parseDate(schedule.rotation.start)!,
        period: schedule.rotation.period,
        handoff: schedule.rotation.handoff.minutes,
      },
      overrides: schedule.overrides.map((o) => ({ user: o.user, from: instantIn(o.from, timeZone), to: instantIn(o.to, timeZone) })),
    };
  });
}

/** `2026-03-01 09:00` is wall time in the schedule's zone; a trailing Z or offset says otherwise. */
function instantIn(text: string, timeZone: string): Date {
  const trimmed = text.trim().replace(' ', 'T');
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) return new Date(trimmed);
  const date = parseDate(trimmed.slice(0, 10))!;
  return fromWallTime({ ...date, minutes: parseClock(trimmed.slice(11, 16))! }, timeZone);
}
