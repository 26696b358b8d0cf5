/** A limit on calls: at most `limit` inside any `windowMs`, counted under `key` (a chat, an app…). */
export interface RateWindow {
  key: string;
  limit: number;
  windowMs: number;
}

export type Admission = { ok: true; stamps: number[][] } | { ok: false; waitMs: number };

/**
 * Decides whether one more call fits every window at `now`. `stamps[i]` are the calls already in
 * `windows[i]`. On success the call is added to each; on refusal nothing changes and `waitMs` is
 * how long until the fullest window frees a slot. Pure so the fleet-wide store stays a thin shell.
 */
export function admit(windows: readonly RateWindow[], stamps: readonly (readonly number[])[], now: number): Admission {
  const recent = windows.map((window, i) => (stamps[i] ?? []).filter((t) => t > now - window.windowMs && t <= now));
  let waitMs = 0;
  windows.forEach((window, i) => {
    const inWindow = recent[i]!;
    if (inWindow.length < window.limit) return;
    // The call that frees a slot is the one `limit` places from the end.
    const freeing = inWindow[inWindow.length - window.limit]!;
    waitMs = Math.max(waitMs, freeing + window.windowMs - now + 1);
  });
  if (waitMs > 0) return { ok: false, waitMs };
  return { ok: true, stamps: recent.map((list) => [...list, now]) };
}
