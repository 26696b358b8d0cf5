import { describe, expect, it } from 'vitest';
import { Dedupe } from '../../src/platforms/dedupe.js';

describe('Dedupe (every transport)', () => {
  it('runs once per event id and shares the result, even while running', async () => {
    const d = new Dedupe();
    let calls = 0;
    const work = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 20));
      return calls;
    };
    const first = d.run('e1', work);
    const again = d.run('e1', work);
    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    expect([await first.result, await again.result, calls]).toEqual([1, 1, 1]);
    expect(await d.run('e2', work).result).toBe(2);
  });

  it('forgets failures so a redelivery retries', async () => {
    const d = new Dedupe();
    await expect(d.run('e1', async () => Promise.reject(new Error('db down'))).result).rejects.toThrow('db down');
    expect(d.run('e1', async () => 'ok')).toMatchObject({ duplicate: false });
  });

  it('forgets ids after the ttl', async () => {
    let t = 0;
    const d = new Dedupe(1000, 100, () => t);
    await d.run('e1', async () => 1).result;
    t = 1001;
    expect(await d.run('e1', async () => 2).result).toBe(2);
  });

  it('keeps at most maxEntries ids, dropping the oldest', async () => {
    const d = new Dedupe(60_000, 2);
    for (const id of ['a', 'b', 'c']) await d.run(id, async () => id).result;
    expect(d.run('c', async () => 'again').duplicate).toBe(true);
    expect(d.run('a', async () => 'again').duplicate).toBe(false);
  });
});
