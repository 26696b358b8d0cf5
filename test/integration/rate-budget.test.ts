import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { createRateBudget, type Taken } from '../../src/delivery/rate-budget.js';
import { testDatabase } from '../helpers/database.js';

/** 0 when the call was admitted (and is over at once), else how long to wait. */
const waitOf = async (taken: Promise<Taken>): Promise<number> => {
  const t = await taken;
  if (!t.ok) return t.waitMs;
  await t.settle();
  return 0;
};

let database: Database & { url?: string };
/** A second "Gong process": its own connection pool on the same database (Postgres only). */
let other: Database | undefined;

beforeAll(async () => {
  database = await testDatabase();
  if (database.url) other = await openDatabase({ url: database.url, dataDir: 'unused' });
});

afterAll(async () => {
  await other?.close();
  await database?.close();
});

describe('fleet-wide rate budget', () => {
  it('admits exactly the limit when many takers race, and says how long to wait', async () => {
    const budgets = [createRateBudget(database.db), createRateBudget((other ?? database).db)];
    const window = { key: 'race', limit: 7, windowMs: 60_000 };
    const waits = await Promise.all(Array.from({ length: 40 }, (_, i) => waitOf(budgets[i % 2]!.take([window]))));
    expect(waits.filter((w) => w === 0)).toHaveLength(7);
    for (const w of waits.filter((w) => w > 0)) expect(w).toBeGreaterThan(50_000);
  });

  it('takes from every window or from none', async () => {
    const budget = createRateBudget(database.db);
    const roomy = { key: 'roomy', limit: 100, windowMs: 60_000 };
    const tight = { key: 'tight', limit: 1, windowMs: 60_000 };
    expect(await waitOf(budget.take([roomy, tight]))).toBe(0);
    expect(await waitOf(budget.take([tight, roomy]))).toBeGreaterThan(0);
    const rows = await database.db.query.rateWindows.findMany();
    expect(rows.find((r) => r.key === 'roomy')!.stamps).toHaveLength(1);
  });

  it('frees a slot when the window has moved on', async () => {
    const budget = createRateBudget(database.db);
    const window = { key: 'short', limit: 1, windowMs: 200 };
    expect(await waitOf(budget.take([window]))).toBe(0);
    const wait = await waitOf(budget.take([window]));
    expect(wait).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, wait + 20));
    expect(await waitOf(budget.take([window]))).toBe(0);
  });

  it('holds the slot of a call in flight until its answer is back, then counts it from then', async () => {
    const budget = createRateBudget(database.db);
    const window = { key: 'flight', limit: 1, windowMs: 300 };
    const first = await budget.take([window]);
    expect(first.ok).toBe(true);
    // Far longer than the window: a platform that counts the call on arrival may only now have seen it.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await waitOf(budget.take([window]))).toBeGreaterThan(0);
    if (first.ok) await first.settle();
    const rows = await database.db.query.rateWindows.findMany();
    const settledAt = rows.find((r) => r.key === 'flight')!.stamps[0]!;
    expect(Math.abs(settledAt - Date.now())).toBeLessThan(5_000);
    expect(await waitOf(budget.take([window]))).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await waitOf(budget.take([window]))).toBe(0);
  });
});
