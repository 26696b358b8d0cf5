import type { GroupMessage } from '../../../src/sandbox/dingtalk/state.js';
import type { AlertJson } from '../../../src/db/alert-json.js';
import type { TestGong } from '../../helpers/gong.js';

export const SOURCE = { name: 'prom', type: 'generic' as const, token: 'source-token-dingtalk' };

export interface AlertWithTimeline extends AlertJson {
  timeline: Array<{ type: string; actor: string; platform: string; details: Record<string, unknown> }>;
}

/** Posts one generic alert to Gong's hook, as a monitoring system would; returns its id. */
export async function postAlert(gong: TestGong, alert: Record<string, unknown>): Promise<number> {
  return (await gong.hook(alert, SOURCE)).opened[0]!;
}

export const alertDetail = (gong: TestGong, id: number) => gong.api<AlertWithTimeline>(`/api/v1/alerts/${id}`);

/** The sessionWebhook replies in a group, oldest first. */
export function sessionReplies(messages: readonly GroupMessage[]): Array<{ text: string; mentioned: string[] }> {
  return messages.flatMap((m) =>
    m.kind === 'session' ? [{ text: String((m.body.markdown as { text?: unknown } | undefined)?.text ?? ''), mentioned: m.mentioned }] : [],
  );
}
