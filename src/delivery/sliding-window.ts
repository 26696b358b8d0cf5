/** A limit on calls: at most `limit` inside any `windowMs`, counted under `key` (a chat, an app…). */
export interface RateWindow {
  key: string;
  limit: number;
  windowMs: number;
}

export type Admission = { ok: true; stamps: number[][] } | { ok: false; waitMs: number };

/**
 * Decides whether one more call fits every window at `now`. `stamps[i]` are the calls already in
 * `windows[i]`; a stamp later than `now` is a call still on its way, which holds its slot until it
 * is settled (see `settleStamp`). On success `stamp` is added to each window; on refusal nothing
 * changes and `waitMs` is how long until the fullest window frees a slot at the soonest. Pure so
 * the fleet-wide store stays a thin shell.
 */
export function admit(windows: readonly RateWindow[], stamps: readonly (readonly number[])[], now: number, stamp = now): Admission {
  const recent = windows.map((window, i) => inWindow(window, stamps[i] ?? [], now));
  let waitMs = 0;
  windows.forEach((window, i) => {
    const calls = recent[i]!;
    if (calls.length < window.limit) return;
    // The call that frees a slot is the one `limit` places from the end; one still in flight
    // frees it a window after it ends, so a window from now at the soonest.
    const freeing = Math.min(calls[calls.length - window.limit]!, now);
    waitMs = Math.max(waitMs, freeing + window.windowMs - now + 1);
  });
  if (waitMs > 0) return { ok: false, waitMs };
  return { ok: true, stamps: recent.map((list) => [...list, stamp]) };
}

/** Admits as many of `n` calls as fit one window at `now`: how many, and the window's stamps after. */
export function admitUpTo(window: RateWindow, stamps: readonly number[], now: number, n: number): { taken: number; stamps: number[] } {
  const recent = inWindow(window, stamps, now);
  const taken = Math.max(0, Math.min(n, window.limit - recent.length));
  return { taken, stamps: [...recent, ...Array.from({ length: taken }, () => now)] };
}

/** The call recorded as `pending` ended at `now`: from then on it counts as having happened then. */
export function settleStamp(stamps: readonly number[], pending: number, now: number): number[] {
  const at = stamps.indexOf(pending);
  return at < 0 ? [...stamps] : stamps.map((t, i) => (i === at ? now : t));
}

function inWindow(window: RateWindow, stamps: readonly number[], now: number): number[] {
  return stamps.filter((t) => t > now - window.windowMs).sort((a, b) => a - b);
}
