import type { AlertView } from './alert-view.js';

/**
 * Draws an incident's card listing as many of its alerts as `fits` lets through: the whole list
 * when the card holds it, else its longest first part that fits ("+ N more" then counts the rest).
 * Each listed alert only adds to a card, so a binary search finds that part in a few drawings.
 * When not even the card without a list fits, it is drawn without one: shortening the rest is
 * the delivery's job (fit-size).
 */
export function drawWithFittingAlerts<T>(view: AlertView, draw: (view: AlertView) => T, fits: (drawn: T) => boolean): T {
  const alerts = view.incident?.alerts;
  const whole = draw(view);
  if (!alerts || alerts.length === 0 || fits(whole)) return whole;
  const listing = (n: number) => draw({ ...view, incident: { ...view.incident!, alerts: alerts.slice(0, n) } });
  let best = listing(0);
  let low = 1;
  let high = alerts.length - 1;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const drawn = listing(middle);
    if (fits(drawn)) {
      best = drawn;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

/** The size a platform counts for a message, in UTF-8 bytes of its JSON. */
export const jsonBytes = (message: unknown): number => Buffer.byteLength(JSON.stringify(message), 'utf8');
