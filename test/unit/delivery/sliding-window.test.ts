import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit, admitUpTo, settleStamp } from '../../../src/delivery/sliding-window.js';

const W = { key: 'k', limit: 3, windowMs: 1000 };

describe('admit', () => {
  it('admits until the window is full, then says when a slot frees', () => {
    let stamps: number[][] = [[]];
    for (const now of [0, 100, 200]) {
      const verdict = admit([W], stamps, now);
      expect(verdict.ok).toBe(true);
      if (verdict.ok) stamps = verdict.stamps;
    }
    expect(admit([W], stamps, 300)).toEqual({ ok: false, waitMs: 701 });
    expect(admit([W], stamps, 1001).ok).toBe(true);
  });

  it('needs every window: a full second window refuses and records nothing', () => {
    const other = { key: 'm', limit: 1, windowMs: 60_000 };
    expect(admit([W, other], [[], [0]], 10)).toEqual({ ok: false, waitMs: 59_991 });
  });

  it('drops stamps that left the window', () => {
    const verdict = admit([W], [[0, 1, 2]], 5000);
    expect(verdict).toEqual({ ok: true, stamps: [[5000]] });
  });

  it('never lets more than `limit` calls into any window, whatever the arrival times', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 200 }), (offsets) => {
        const times = [...offsets].sort((a, b) => a - b);
        let stamps: number[][] = [[]];
        const sent: number[] = [];
        for (const t of times) {
          const verdict = admit([W], stamps, t);
          if (verdict.ok) {
            stamps = verdict.stamps;
            sent.push(t);
          }
        }
        for (const t of sent) expect(sent.filter((s) => s > t - W.windowMs && s <= t).length).toBeLessThanOrEqual(W.limit);
      }),
    );
  });

  it('a call in flight holds its slot until settled, then counts from its end', () => {
    const one = { key: 'k', limit: 1, windowMs: 1000 };
    const taken = admit([one], [[]], 0, 30_000);
    expect(taken).toEqual({ ok: true, stamps: [[30_000]] });
    const stamps = taken.ok ? taken.stamps : [];
    // Long after the window, the call is still on its way: no room, and no promise sooner than a window.
    expect(admit([one], stamps, 5_000)).toEqual({ ok: false, waitMs: 1001 });
    const settled = [settleStamp(stamps[0]!, 30_000, 5_200)];
    expect(admit([one], settled, 6_000)).toEqual({ ok: false, waitMs: 201 });
    expect(admit([one], settled, 6_200).ok).toBe(true);
  });

  it('never lets the platform see more than `limit` in a window, however late calls arrive', () => {
    // Each call: taken at t, reaches the platform at t + delay, its answer back at t + delay + back.
    const call = fc.record({ at: fc.integer({ min: 0, max: 5_000 }), delay: fc.integer({ min: 0, max: 2_000 }), back: fc.integer({ min: 0, max: 500 }) });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 60 }), (calls) => {
        const events = [...calls].sort((a, b) => a.at - b.at).map((c, id) => ({ ...c, id }));
        let stamps: number[] = [];
        const arrivals: number[] = [];
        const open = new Map<number, { ends: number; pending: number }>();
        // Replays takes and settles in time order.
        const timeline = events.map((e) => ({ t: e.at, take: e }));
        for (let i = 0; i < timeline.length; i++) {
          const { t, take } = timeline[i]!;
          for (const [id, o] of [...open].sort((a, b) => a[1].ends - b[1].ends)) {
            if (o.ends > t) continue;
            stamps = settleStamp(stamps, o.pending, o.ends);
            open.delete(id);
          }
          const verdict = admit([W], [stamps], t, t + 1_000_000 + take.id);
          if (!verdict.ok) continue;
          stamps = verdict.stamps[0]!;
          arrivals.push(t + take.delay);
          open.set(take.id, { ends: t + take.delay + take.back, pending: t + 1_000_000 + take.id });
        }
        for (const a of arrivals) expect(arrivals.filter((b) => b > a - W.windowMs && b <= a).length).toBeLessThanOrEqual(W.limit);
      }),
    );
  });

  it('admits as many of a batch as fit', () => {
    expect(admitUpTo(W, [0], 10, 5)).toEqual({ taken: 2, stamps: [0, 10, 10] });
    expect(admitUpTo(W, [0, 1, 2], 10, 5).taken).toBe(0);
    expect(admitUpTo(W, [0, 1, 2], 2000, 1)).toEqual({ taken: 1, stamps: [2000] });
  });
});
