import type { EscalationPolicy } from '../domain/escalation.js';
import type { Schedule } from '../domain/oncall.js';
import type { Route } from '../domain/routes.js';
import { fromWallTime, parseDate } from '../domain/zoned-time.js';
import { readInstant } from './instant.js';
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

function instantIn(text: string, timeZone: string): Date {
  const read = readInstant(text)!;
  return read.at ?? fromWallTime(read.wall!, timeZone);
}
