import type { Logger } from 'pino';
import type { AlertService } from '../../alerts/service.js';
import type { SourceConfig } from '../../config/schema.js';
import type { SendTestMessage, TestResult } from '../../delivery/test-message.js';
import type { NormalizedAlert } from '../../sources/normalized-alert.js';
import { parsePayload } from '../../sources/parse-payload.js';
import { isTestNotification } from '../../sources/test-notification.js';
import { sourceTokenGuard } from '../auth.js';
import { GuardedRouter } from '../../shared/guarded-router.js';
import { fail } from '../http-error.js';
import { readJson } from '../read-json.js';

export interface HookDeps {
  sources: readonly SourceConfig[];
  alerts: Pick<AlertService, 'ingest' | 'chatsFor'>;
  sendTestMessage: SendTestMessage;
  logger: Logger;
}

/** `POST /hooks/:source`: where Alertmanager, Grafana and anything else send alerts. */
export function hookRoutes(deps: HookDeps): GuardedRouter {
  return new GuardedRouter().post('/hooks/:source', sourceTokenGuard(deps.sources), async (ctx) => {
    const source = ctx.state.source as SourceConfig;
    const body = await readJson(ctx);
    const parsed = parsePayload(source.type, body);
    if (!parsed.ok) fail(400, parsed.error);
    const tests = parsed.alerts.filter((alert) => isTestNotification(source.type, alert));
    const alerts = parsed.alerts.filter((alert) => !isTestNotification(source.type, alert));
    const result = await deps.alerts.ingest(source.name, alerts);
    if (result.unknownResolved.length > 0) {
      deps.logger.info({ source: source.name, fingerprints: result.unknownResolved }, 'resolved alerts Gong never saw firing; nothing changed');
    }
    const testMessages = tests.length > 0 ? await answerTest(deps, source, tests[0]!) : [];
    // A test that reached no chat is the answer Grafana's "Test" button must show as a failure:
    // 422 when no route takes its labels, 502 when every chat's platform refused it.
    if (tests.length > 0 && alerts.length === 0 && !testMessages.some((sent) => sent.ok)) {
      ctx.status = testMessages.length === 0 ? 422 : 502;
      ctx.body = {
        error: testMessages.length === 0 ? 'the test notification matches no route: no chat would get these alerts' : 'the test message reached no chat',
        testMessages,
      };
      return;
    }
    ctx.body = { received: parsed.alerts.length, ...result, ...(tests.length > 0 && { testMessages }) };
  });
}

/** A source's own test notification: a test message in each chat its labels route to. */
async function answerTest(deps: HookDeps, source: SourceConfig, test: NormalizedAlert): Promise<TestResult[]> {
  const chats = deps.alerts.chatsFor({ labels: test.labels, severity: test.severity, source: source.name });
  const sent = await Promise.all(chats.map((chat) => deps.sendTestMessage(chat, source.name)));
  deps.logger.info({ source: source.name, chats: sent.map(({ chat, ok }) => ({ chat, ok })) }, 'test notification from the source');
  return sent;
}
