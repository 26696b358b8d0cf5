import { describe, expect, it } from 'vitest';
import { onCallAt, type Schedule } from '../../../src/domain/oncall.js';
import { fromWallTime, parseClock, toWallTime } from '../../../src/domain/zoned-time.js';

const weekly: Schedule = {
  name: 'primary',
  timeZone: 'Asia/Shanghai',
  rotation: { users: ['alice', 'bob', 'carol'], start: { year: 2026, month: 3, day: 2 }, period: 'weekly', handoff: 9 * 60 },
  overrides: [],
};

describe('onCallAt', () => {
  it('rotates weekly at the local handoff time', () => {
    // 2026-03-02 09:00 in Shanghai is 01:00 UTC.
    expect(onCallAt(weekly, new Date('2026-03-02T00:59:00Z')).now?.user).toBe('carol');
    const first = onCallAt(weekly, new Date('2026-03-02T01:00:00Z'));
    expect(first.now).toEqual({ user: 'alice', from: new Date('2026-03-02T01:00:00Z'), to: new Date('2026-03-09T01:00:00Z'), override: false });
    expect(first.next?.user).toBe('bob');
    expect(onCallAt(weekly, new Date('2026-03-09T00:59:00Z')).now?.user).toBe('alice');
    expect(onCallAt(weekly, new Date('2026-03-16T01:00:00Z')).now?.user).toBe('carol');
    expect(onCallAt(weekly, new Date('2026-03-23T01:00:00Z')).now?.user).toBe('alice');
  });

  it('rotates daily, before the start as well', () => {
    const daily: Schedule = { ...weekly, rotation: { ...weekly.rotation, period: 'daily' } };
    expect(onCallAt(daily, new Date('2026-03-03T02:00:00Z')).now?.user).toBe('bob');
    expect(onCallAt(daily, new Date('2026-03-01T02:00:00Z')).now?.user).toBe('carol');
  });

  it('keeps the handoff on the local clock across a DST change', () => {
    const berlin: Schedule = {
      name: 'eu',
      timeZone: 'Europe/Berlin',
      rotation: { users: ['anna', 'ben'], start: { year: 2026, month: 3, day: 28 }, period: 'daily', handoff: 9 * 60 },
      overrides: [],
    };
    // Clocks go forward on 29 March 2026: 09:00 is 08:00 UTC before and 07:00 UTC after.
    const saturday = onCallAt(berlin, new Date('2026-03-28T08:00:00Z'));
    expect(saturday.now).toMatchObject({ user: 'anna', from: new Date('2026-03-28T08:00:00Z'), to: new Date('2026-03-29T07:00:00Z') });
    expect(onCallAt(berlin, new Date('2026-03-29T07:00:00Z')).now?.user).toBe('ben');
  });

  it('lets an override cover a stretch and cuts the rotation shift before it', () => {
    const covered: Schedule = {
      ...weekly,
      overrides: [{ user: 'dave', from: new Date('2026-03-04T10:00:00Z'), to: new Date('2026-03-05T10:00:00Z') }],
    };
    const before = onCallAt(covered, new Date('2026-03-03T10:00:00Z'));
    expect(before.now).toMatchObject({ user: 'alice', to: new Date('2026-03-04T10:00:00Z') });
    expect(before.next).toMatchObject({ user: 'dave', override: true });
    const during = onCallAt(covered, new Date('2026-03-04T12:00:00Z'));
    expect(during.now).toMatchObject({ user: 'dave', override: true });
    expect(during.next).toMatchObject({ user: 'alice', to: new Date('2026-03-09T01:00:00Z') });
  });
});

describe('zoned time', () => {
  it('converts wall time both ways and reads clocks strictly', () => {
    const instant = fromWallTime({ year: 2026, month: 1, day: 1, minutes: 0 }, 'America/New_York');
    expect(instant.toISOString()).toBe('2026-01-01T05:00:00.000Z');
    expect(toWallTime(instant, 'Asia/Shanghai')).toEqual({ year: 2026, month: 1, day: 1, minutes: 13 * 60 });
    expect(parseClock('09:30')).toBe(570);
    expect(parseClock('9:30')).toBeUndefined();
    expect(parseClock('24:00')).toBeUndefined();
  });
});
