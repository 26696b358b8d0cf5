import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS, LOCALES, renderAll } from '../../../src/platforms/check-templates.js';
import { sampleAlerts } from '../../../src/templates/sample-alert.js';

const now = new Date('2026-01-02T02:30:00Z');
const states = sampleAlerts(now);

// One file per chat type, locale and state holds every message that chat can receive — the alert
// card, its follow-up, each notice, each answer to a click or an action link (every refusal
// included) and each command reply — so a change to any template shows up
// in review as a diff of what people will see.
describe.each(CHANNEL_KINDS.flatMap((kind) => LOCALES.map((locale) => [kind, locale] as const)))('the default %s templates in %s', (kind, locale) => {
  it.each(states.map((sample) => [sample.name, sample] as const))('render a %s alert', async (name, { alert, incident }) => {
    const messages = renderAll(alert, { template: 'default', locale, timeZone: 'Asia/Shanghai', now }, [kind], incident);
    const replies = kind === 'lark' || kind === 'dingtalk' ? 20 : 0;
    const alertMessages = { lark: 1, 'lark-webhook': 2, dingtalk: 3, 'dingtalk-webhook': 2, 'wecom-webhook': 3 }[kind];
    const clicks = 10 + 15; // every answer kind, and the refusal of every code
    expect(Object.keys(messages)).toHaveLength(alertMessages + 10 + clicks + replies);
    await expect(JSON.stringify(messages, null, 2)).toMatchFileSnapshot(`__snapshots__/${kind}.${locale}.${name}.json`);
  });
});
