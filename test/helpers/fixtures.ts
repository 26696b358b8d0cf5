import { readFileSync } from 'node:fs';

/** The platforms and sources whose captured payloads are kept in test/fixtures/<platform>/<name>.json. */
type FixturePlatform = 'alertmanager' | 'dingtalk' | 'grafana' | 'lark';

/**
 * A captured payload, as the platform sends it (shapes in ../shared/protocols/*.md). Read afresh on
 * every call, so a test may change its copy to make the case it needs.
 */
export function fixture<T = Record<string, unknown>>(name: `${FixturePlatform}/${string}`): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as T;
}

/**
 * A Lark schema 2.0 event as the SDK's EventDispatcher hands it to a handler: header and event
 * fields on one object (what Gong's decoders read).
 */
export function dispatched(envelope: { header: Record<string, unknown>; event: Record<string, unknown> }): Record<string, unknown> {
  const { header, event, ...rest } = envelope;
  return { ...rest, ...header, ...event };
}
