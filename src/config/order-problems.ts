import { formatDuration } from '../domain/duration.js';
import { compileSchedules } from './compile-routing.js';
import { isTimeZone } from './references.js';
import type { ParsedConfig } from './schema.js';

/**
 * Values that parse but contradict each other: an override that ends before it starts (it would
 * never apply) and an escalation step due before the one above it (both would fire at once, since
 * every `after` counts from when the alert opened).
 */
export function orderProblems(config: Pick<ParsedConfig, 'schedules' | 'timezone' | 'escalations'>): string[] {
  const problems: string[] = [];
  // A bad zone is reported by referenceProblems; its overrides cannot be placed in time.
  const placeable = { ...config, schedules: config.schedules.filter((schedule) => !schedule.timezone || isTimeZone(schedule.timezone)) };
  compileSchedules(placeable).forEach((schedule) => {
    const i = config.schedules.findIndex((s) => s.name === schedule.name);
    schedule.overrides.forEach((override, j) => {
      if (override.to.getTime() <= override.from.getTime()) {
        problems.push(`schedules[${i}].overrides[${j}].to: "${config.schedules[i]!.overrides[j]!.to}" is not after from ("${config.schedules[i]!.overrides[j]!.from}"); an override covers from → to`);
      }
    });
  });
  config.escalations.forEach((policy, i) => {
    policy.steps.forEach((step, j) => {
      const before = policy.steps[j - 1];
      if (before && step.after < before.after) {
        problems.push(
          `escalations[${i}].steps[${j}].after: ${formatDuration(step.after)} is earlier than steps[${j - 1}] (${formatDuration(before.after)}); ` +
            'every `after` counts from when the alert opened, so list the steps in time order',
        );
      }
    });
  });
  return problems;
}
