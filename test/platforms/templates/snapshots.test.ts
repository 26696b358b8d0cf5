import { describe, expect, it } from 'vitest';
import { LOCALES, renderAll } from '../../../src/platforms/check-templates.js';
import { sampleAlerts } from '../../../src/templates/sample-alert.js';

const now = new Date('2026-01-02T02:30:00Z');
const states = sampleAlerts(now);

// One file per locale and state holds every message kind of every platform, so a change to any
// template shows up in review as a diff of what people will see.
describe.each(LOCALES)('the default templates in %s', (locale) => {
  it.each(states.map((alert) => [alert.state, alert] as const))('render a %s alert', async (state, alert) => {
    const messages = renderAll(alert, { template: 'default', locale, timeZone: 'Asia/Shanghai', now });
    expect(Object.keys(messages)).toHaveLength(15);
    await expect(JSON.stringify(messages, null, 2)).toMatchFileSnapshot(`__snapshots__/default.${locale}.${state}.json`);
  });
});
