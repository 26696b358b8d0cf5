import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit } from '../../../src/delivery/sliding-window.js';

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
});
