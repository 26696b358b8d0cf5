import { describe, expect, it } from 'vitest';
import { fitView, splitNotice, truncateBytes } from '../../../src/delivery/fit-size.js';
import type { AlertView } from '../../../src/cards/alert-view.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

const view = (over: Partial<AlertView>): AlertView => ({
  id: 1, title: 'Disk full', severity: 'critical', severityEmoji: '🔴', severityText: 'Critical', state: 'triggered',
  stateText: 'Triggered', statusLine: 'Triggered', assignee: null, source: 'am', count: 1, summary: null, labels: [],
  startedAt: '2026-01-01 10:00', duration: '1m', snoozedUntil: null, escalation: null, links: [], buttons: ['ack'],
  snoozeChoices: [], locale: 'en', version: 1, ...over,
});

describe('size limits', () => {
  it('truncates at a character boundary, ellipsis included', () => {
    const cut = truncateBytes('磁盘已满'.repeat(100), 100);
    expect(bytes(cut)).toBeLessThanOrEqual(100);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toContain('\uFFFD');
    expect(truncateBytes('short', 100)).toBe('short');
  });

  it('shortens a huge description, then labels, until the view fits', () => {
    const fitted = fitView(view({ summary: 'x'.repeat(100_000), labels: Array.from({ length: 8 }, (_, i) => [`l${i}`, 'v'.repeat(5000)] as [string, string]) }), 8000);
    expect(bytes(JSON.stringify(fitted))).toBeLessThanOrEqual(8000);
    expect(fitted.summary?.startsWith('xxx')).toBe(true);
    expect(fitView(view({}), 8000)).toEqual(view({}));
  });

  it("leaves an incident's alert list to the renderers: it does not cost the summary or the labels", () => {
    const line = { firing: true, emoji: '🔴', title: null, labels: [['pod', 'p'.repeat(60)]] as [string, string][] };
    const incident = { alertCount: 500, firingCount: 500, counts: '500 firing', alerts: Array.from({ length: 20 }, () => line), url: null, mergedInto: null, mergedUrl: null };
    const big = view({ summary: 's'.repeat(500), labels: [['team', 'db']], incident });
    expect(fitView(big, 1600)).toBe(big);
  });

  it('splits a long notice at line breaks into numbered parts, each within the limit, losing nothing', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'告警'.repeat(10)}`);
    const parts = splitNotice({ kind: 'stats', title: 'Daily', markdown: lines.join('\n'), mentions: [{ name: 'a' }] }, 4000);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(bytes(p.markdown)).toBeLessThanOrEqual(4000);
    expect(parts.map((p) => p.markdown).join('\n')).toBe(lines.join('\n'));
    expect(parts[0]!.title).toBe(`Daily (1/${parts.length})`);
    expect(parts[1]!.mentions).toEqual([]);
  });

  it('splits inside a line only when the line alone is too long', () => {
    const parts = splitNotice({ kind: 'stats', title: 't', markdown: 'y'.repeat(10_000) }, 4000);
    expect(parts.map((p) => p.markdown.length)).toEqual([4000, 4000, 2000]);
  });
});
