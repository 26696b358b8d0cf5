import type { NormalizedAlert } from '../../src/sources/normalized-alert.js';

/** A crash-looping pod's alert as a source sends it: pods of one `group` make one incident, told apart by `pod`. */
export function podAlert(name: string, group: string | null, extra: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    status: 'firing',
    fingerprint: `${group}-${name}`,
    title: 'PodCrashLooping',
    severity: 'warning',
    labels: { alertname: 'PodCrashLooping', node: 'node-1', pod: name },
    annotations: {},
    description: null,
    url: null,
    startsAt: new Date(),
    group,
    ...extra,
  };
}
