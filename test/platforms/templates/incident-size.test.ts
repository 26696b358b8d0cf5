import { describe, expect, it } from 'vitest';
import { CARD_ALERTS, type IncidentAlert, buildAlertView } from '../../../src/cards/alert-view.js';
import type { ChannelKind } from '../../../src/cards/channel.js';
import { fitView, textBudget } from '../../../src/delivery/fit-size.js';
import { CHANNEL_KINDS, LOCALES, limitOf, sizesOf } from '../../../src/platforms/check-templates.js';
import { RENDERERS } from '../../../src/platforms/renderers.js';
import { checkCard } from '../../../src/sandbox/lark/cards.js';
import { checkMessage } from '../../../src/sandbox/wecom/message-checks.js';
import { sampleAlert } from '../../../src/templates/sample-alert.js';

const common = { alertname: 'NodeDown', namespace: 'prod', severity: 'critical' };
/** Labels as long as a card takes, full of what Markdown escapes (five bytes a character) and CJK (three). */
const member = (i: number): IncidentAlert => ({
  id: 1000 + i,
  status: i % 7 === 0 ? 'resolved' : 'firing',
  title: i % 5 === 0 ? `Node_${'*'.repeat(150)}` : 'NodeDown',
  severity: 'critical',
  labels: { ...common, pod: `pod-${i}-${'_'.repeat(200)}`, container: '"\\[x]'.repeat(40), zone: '中'.repeat(80), node: '<at id=all></at>'.repeat(10) },
});
const members = Array.from({ length: 500 }, (_, i) => member(i));
const incident = sampleAlert({ title: 'NodeDown', labels: { ...common, ...member(0).labels }, commonLabels: common, alertCount: 500, firingCount: 428, description: '#'.repeat(1000) });
// The card job loads the first CARD_ALERTS, firing first.
const loaded = [...members.filter((m) => m.status === 'firing'), ...members.filter((m) => m.status === 'resolved')].slice(0, CARD_ALERTS);
const actionUrl = () => `https://gong.example.com/a/${'t'.repeat(300)}`;
const frames: Record<ChannelKind, object> = {
  lark: {},
  'lark-webhook': { keywords: ['GONG'] },
  dingtalk: {},
  'dingtalk-webhook': { keywords: ['GONG'] },
  'wecom-webhook': {},
};

describe('the card of a 500-alert incident', () => {
  it.each(CHANNEL_KINDS.flatMap((kind) => LOCALES.map((locale) => [kind, locale] as const)))(
    'fits %s in %s, listing what fits and counting the rest',
    (kind, locale) => {
      // As a channel sends it: the view fitted to the platform's budget, then drawn.
      const view = fitView(buildAlertView(incident, { locale, timeZone: 'UTC' }, { alerts: loaded, publicUrl: 'https://gong.example.com' }), textBudget(kind));
      for (const [name, draw] of Object.entries(RENDERERS[kind].alertMessages)) {
        const message = draw(view, actionUrl, frames[kind]);
        for (const size of sizesOf(message)) expect(size, `${kind}/${name}`).toBeLessThanOrEqual(limitOf(`${kind}/${name}`));
        if (kind.startsWith('lark') && name === 'alert-card') expect(checkCard(JSON.stringify(message)), name).toMatchObject({ ok: true });
        if (kind === 'wecom-webhook') expect(checkMessage(message).ok, name).toBe(true);
        if (name === 'follow-up') continue;
        // Every listed alert shows its pod; "+ N more" (还有 N 条) counts the others, and is never cut off.
        const text = JSON.stringify(message);
        const listed = new Set(text.match(/pod=pod-\d+-/g)).size;
        // WeCom's markdown, its action links taken out, has room for none of these alerts.
        expect(listed, `${kind}/${name}`).toBeGreaterThanOrEqual(kind === 'wecom-webhook' && name === 'alert-markdown' ? 0 : 1);
        expect(listed, `${kind}/${name}`).toBeLessThanOrEqual(CARD_ALERTS);
        expect(text, `${kind}/${name}`).toContain(locale === 'en' ? `+ ${500 - listed} more` : `还有 ${500 - listed} 条`);
      }
    },
  );

  it('lists every loaded alert where the card holds them, and many on the smallest', () => {
    const small = loaded.map((alert, i) => ({ ...alert, labels: { ...common, pod: `web-${i}` } }));
    const plain = { ...incident, description: 'Nodes stopped answering: the pods on them are gone.' };
    const view = buildAlertView(plain, { locale: 'en', timeZone: 'UTC' }, { alerts: small, publicUrl: 'https://gong.example.com' });
    const params = RENDERERS.dingtalk.alertMessages['card-params'](view);
    expect(params.alerts!.split('\n').filter((line) => line.includes('pod=web-'))).toHaveLength(CARD_ALERTS);
    expect(params.alerts).toContain(`[+ ${500 - CARD_ALERTS} more](https://gong.example.com/console/incidents/42)`);
    for (const kind of CHANNEL_KINDS) {
      for (const [name, draw] of Object.entries(RENDERERS[kind].alertMessages)) {
        if (name === 'follow-up') continue;
        const drawn = draw(fitView(view, textBudget(kind)), () => `https://gong.example.com/a/${'t'.repeat(150)}`, frames[kind]);
        const listed = new Set(JSON.stringify(drawn).match(/pod=web-\d+/g)).size;
        expect(listed, `${kind}/${name}`).toBeGreaterThanOrEqual(kind === 'wecom-webhook' && name === 'alert-card' ? 8 : CARD_ALERTS);
      }
    }
  });
});
