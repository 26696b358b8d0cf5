import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { basicAuthHeader, type RunningAlertmanager, startAlertmanager, TEST_PASSWORD_USER } from '../helpers/alertmanager.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type LarkGong, startGongWithLark } from '../helpers/lark-gong.js';
import { capturingLogger } from '../helpers/logger.js';

// Alertmanager behind basic auth (--web.config.file). Gong is given the credentials in the URL,
// as an admin would write them: they must travel as a header, and stay out of jobs and logs.
const APP = { appId: 'cli_c1b2c3d4e5f6a7b8', appSecret: 'lark-secret-credentials' };
const GOOD = { name: 'prometheus', type: 'alertmanager' as const, token: 'am-credentials-token-01' };
const BAD = { name: 'staging', type: 'alertmanager' as const, token: 'am-credentials-token-02' };
const WRONG_PASSWORD = 'wr0ng-Pa55-7f3a9c';

let am: RunningAlertmanager;
let running: LarkGong;
let gong: TestGong;
let lark: LarkServer;
const { logger, lines } = capturingLogger();

beforeAll(async () => {
  am = await startAlertmanager(
    `
route: { receiver: nowhere }
receivers: [{ name: nowhere }]
`,
    { basicAuth: TEST_PASSWORD_USER },
  );
  const withUser = (password: string) => am.url.replace('http://', `http://${TEST_PASSWORD_USER.user}:${encodeURIComponent(password)}@`);
  running = await startGongWithLark({
    app: APP,
    logger,
    sources: [
      { ...GOOD, alertmanagerUrl: withUser(TEST_PASSWORD_USER.password) },
      { ...BAD, alertmanagerUrl: withUser(WRONG_PASSWORD) },
    ],
    server: { chats: [{ chatId: 'oc_ops', name: 'ops', members: [{ openId: 'ou_alice', name: 'Alice' }] }] },
    config: () => ({ chats: [{ name: 'ops', type: 'lark', chatId: 'oc_ops' }] }),
  });
  ({ gong, lark } = running);
});

afterAll(async () => {
  await running?.close();
  await am?.stop();
});

type Card = { header: { title: { content: string } } };
const cardOf = (alertId: number) => {
  const card = lark.chatMessages('oc_ops').find((m) => !m.rootId && m.msgType === 'interactive' && (JSON.parse(m.content) as Card).header.title.content.includes(`#${alertId} `));
  return card && lark.message(card.messageId)!.content;
};

async function fireAndSnooze(source: typeof GOOD, labels: Record<string, string>): Promise<number> {
  const { opened } = await gong.hook({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels, annotations: {}, startsAt: new Date().toISOString() }] }, source);
  const id = opened[0]!;
  await waitFor('the card', async () => cardOf(id));
  await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'snooze', actor: 'alice', args: { duration: '2h' } } });
  return id;
}

const amSilences = async () =>
  (await (await fetch(`${am.url}/api/v2/silences`, { headers: { authorization: basicAuthHeader(TEST_PASSWORD_USER) } })).json()) as { comment: string; status: { state: string } }[];

/** Every job row pg-boss keeps (waiting, done, failed and archived), as text. */
async function jobRowsText(): Promise<string> {
  const rows = await queryRows<{ row: string }>(
    gong.gong.parts.database.db,
    sql`SELECT row_to_json(j)::text AS row FROM pgboss.job j UNION ALL SELECT row_to_json(a)::text FROM pgboss.archive a`,
  );
  return rows.map((r) => r.row).join('\n');
}

describe('an Alertmanager URL with credentials', () => {
  it('silences with the credentials as a header, and keeps them out of job rows and logs', async () => {
    const id = await fireAndSnooze(GOOD, { alertname: 'DiskFull', instance: 'db-1:9100' });
    await waitFor('the silence in Alertmanager', async () => (await amSilences()).find((s) => s.comment === `Snoozed in Gong: #${id} DiskFull` && s.status.state === 'active'));
    const alert = await gong.api<{ silenceError: string | null }>(`/api/v1/alerts/${id}`);
    expect(alert.silenceError).toBeNull();
    const ready = await (await fetch(`${gong.url}/readyz`)).json();
    expect(ready.silences[GOOD.name]).toEqual({ ok: true, failing: 0, lastError: null });
  });

  it('shows a refused silence on the card and in /readyz, and logs it without the password', async () => {
    const id = await fireAndSnooze(BAD, { alertname: 'HighLatency', service: 'checkout' });
    const failed = await waitFor('the failure on the alert', async () => (await gong.api<{ silenceError: string | null }>(`/api/v1/alerts/${id}`)).silenceError ?? undefined);
    expect(failed).toBe('Alertmanager answered HTTP 401: Unauthorized');
    await waitFor('the failure on the card', async () => (cardOf(id)?.includes('Alertmanager silence failed**: Alertmanager answered HTTP 401') ? true : undefined));

    const ready = (await (await fetch(`${gong.url}/readyz`)).json()) as { status: string; silences: Record<string, unknown> };
    expect(ready.status).toBe('ready');
    expect(ready.silences[BAD.name]).toEqual({ ok: false, failing: 1, lastError: 'Alertmanager answered HTTP 401: Unauthorized' });
    expect(ready.silences[GOOD.name]).toMatchObject({ ok: true });

    await waitFor('the failure in the log', async () => lines.find((line) => line.includes('Alertmanager did not take the silence') && line.includes('HTTP 401')));
    await waitFor('a failed job row', async () => ((await jobRowsText()).includes('Alertmanager answered HTTP 401') ? true : undefined));
    for (const [where, text] of [['job rows', await jobRowsText()], ['logs', lines.join('\n')]] as const) {
      for (const secret of [WRONG_PASSWORD, encodeURIComponent(WRONG_PASSWORD), `${TEST_PASSWORD_USER.user}:${TEST_PASSWORD_USER.password}@`, basicAuthHeader(TEST_PASSWORD_USER).slice(6)]) {
        expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
      }
    }
  });
});
