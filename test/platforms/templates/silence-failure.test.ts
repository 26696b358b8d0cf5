import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS, LOCALES, renderAll } from '../../../src/platforms/check-templates.js';
import { strings } from '../../../src/cards/strings.js';
import { sampleAlert } from '../../../src/templates/sample-alert.js';

const REASON = 'Alertmanager answered HTTP 401: Unauthorized';
const now = new Date('2026-01-02T02:30:00Z');

// A snooze whose silence Alertmanager refused must not look like a working one on any card.
describe.each(CHANNEL_KINDS.flatMap((kind) => LOCALES.map((locale) => [kind, locale] as const)))('the default %s card in %s', (kind, locale) => {
  const options = { template: 'default', locale, timeZone: 'Asia/Shanghai', now };
  const cards = (silenceError: string | null, state: 'triggered' | 'resolved' = 'triggered') => {
    const alert = sampleAlert({ state, silenceError, snoozedUntil: state === 'resolved' ? null : new Date(now.getTime() + 3_600_000) });
    const messages = renderAll(alert, options, [kind]);
    // The alert's own messages (card, markdown, card parameters), not its follow-up or notices.
    return JSON.stringify(Object.entries(messages).filter(([name]) => /\/(alert-card|alert-markdown|card-params)$/.test(name)));
  };

  it('names a failed silence and its reason', () => {
    const text = cards(REASON);
    expect(text).toContain(strings(locale).silenceFailed);
    expect(text).toContain(REASON);
  });
  it('says nothing when the silence worked or the alert is resolved', () => {
    expect(cards(null)).not.toContain(strings(locale).silenceFailed);
    expect(cards(REASON, 'resolved')).not.toContain(REASON);
  });
});
