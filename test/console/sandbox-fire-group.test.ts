import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import { consoleCookie, startTestGong, type TestGong, waitFor } from '../helpers/gong.js';

let gong: TestGong;

beforeAll(async () => {
  gong = await startTestGong({ sources: [{ name: 'demo', type: 'generic', token: 'fire-group-source-token' }], config: { locale: 'en' }, sandbox: true });
});
afterAll(async () => {
  await gong?.close();
});

async function signedIn(): Promise<{ cookie: string; csrf: string }> {
  const cookie = await consoleCookie(gong);
  const page = await (await fetch(`${gong.url}/sandbox`, { headers: { cookie } })).text();
  expect(page).toContain('Fire an alert group');
  return { cookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(page)![1]! };
}

it("the sandbox's alert group becomes one incident with one card in each sandbox group", async () => {
  const { cookie, csrf } = await signedIn();
  const response = await fetch(`${gong.url}/sandbox/fire-group`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(200);
  const answer = (await response.json()) as { message: string; opened: number[] };
  expect(answer.opened).toHaveLength(1);
  const id = answer.opened[0]!;
  expect(answer.message).toBe(`Incident #${id} opened with 5 alerts (one card per group)`);

  const db = gong.gong.parts.database.db;
  const [incident] = await queryRows<{ alert_count: number; severity: string }>(db, sql`SELECT alert_count, severity FROM alerts WHERE id = ${id}`);
  expect(incident).toEqual({ alert_count: 5, severity: 'critical' });
  const posted = await waitFor('a card in every sandbox group', async () => {
    const rows = await queryRows<{ chat: string }>(db, sql`SELECT chat FROM cards WHERE alert_id = ${id} AND ref <> '' ORDER BY chat`);
    return rows.length >= 3 ? rows : undefined;
  });
  expect(posted.map((row) => row.chat)).toEqual([...new Set(posted.map((row) => row.chat))]);
  const all = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM cards`);
  expect(Number(all[0]!.n)).toBe(posted.length);
});
