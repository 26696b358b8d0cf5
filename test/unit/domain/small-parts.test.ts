import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/domain/duration.js';
import { fingerprintOf } from '../../../src/domain/fingerprint.js';
import { parseAction } from '../../../src/domain/parse-action.js';
import { normalizeSeverity } from '../../../src/domain/severity.js';

describe('durations', () => {
  it('parses the forms people type', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration(' 1W ')).toBe(604_800_000);
  });
  it('rejects what is not a duration', () => {
    for (const text of ['', '30', 'm', '-5m', '1.5h', '0m', '10 minutes']) expect(parseDuration(text)).toBeUndefined();
  });
  it('formats for cards', () => {
    expect(formatDuration(95 * 60_000)).toBe('1h 35m');
    expect(formatDuration(26 * 3_600_000)).toBe('1d 2h');
    expect(formatDuration(10_000)).toBe('<1m');
  });
});

describe('fingerprints', () => {
  it('ignore label order and differ by value', () => {
    expect(fingerprintOf({ a: '1', b: '2' })).toBe(fingerprintOf({ b: '2', a: '1' }));
    expect(fingerprintOf({ a: '1' })).not.toBe(fingerprintOf({ a: '2' }));
    expect(fingerprintOf({ a: '1b', '': '' })).not.toBe(fingerprintOf({ a: '1', b: '' }));
  });
});

describe('severity', () => {
  it('maps the common spellings to three levels', () => {
    expect(normalizeSeverity('P1')).toBe('critical');
    expect(normalizeSeverity('warn')).toBe('warning');
    expect(normalizeSeverity('Info')).toBe('info');
    expect(normalizeSeverity(undefined)).toBe('warning');
    expect(normalizeSeverity('banana')).toBe('warning');
  });
});

describe('parseAction', () => {
  it('builds actions with their arguments', () => {
    expect(parseAction('snooze', { duration: '2h' })).toEqual({ ok: true, action: { type: 'snooze', durationMs: 7_200_000 } });
    expect(parseAction('assign', { user: 'bob' })).toEqual({ ok: true, action: { type: 'assign', user: 'bob' } });
    expect(parseAction('resolve', { note: 'fixed' })).toEqual({ ok: true, action: { type: 'resolve', note: 'fixed' } });
  });
  it('says what is missing', () => {
    expect(parseAction('snooze', {})).toEqual({ ok: false, error: 'snooze needs args.duration such as 30m, 2h or 1d' });
    expect(parseAction('assign', { user: 3 })).toEqual({ ok: false, error: 'assign needs args.user (who takes the alert)' });
    expect(parseAction('explode')).toMatchObject({ ok: false, error: expect.stringMatching(/^unknown action "explode"/) });
  });
});
