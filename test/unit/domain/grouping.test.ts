import { describe, expect, it } from 'vitest';
import { EACH_ALERT_ALONE, groupKeyOf, highestSeverity, labelsApart, sharedLabels, summarize, summarizeJoin } from '../../../src/domain/grouping.js';

const pod = (name: string, group: string | null = null) => ({ fingerprint: `fp-${name}`, group, labels: { alertname: 'PodCrash', pod: name, node: 'n1' } });

describe('grouping key', () => {
  it("takes the route's groupBy first: alerts with the same values share a key, whatever the source says", () => {
    expect(groupKeyOf(pod('a', 'g1'), ['alertname', 'node'])).toBe(groupKeyOf(pod('b', 'g2'), ['alertname', 'node']));
    expect(groupKeyOf(pod('a'), ['pod'])).not.toBe(groupKeyOf(pod('b'), ['pod']));
  });

  it("groupBy ['...'] keeps each alert alone, as in Alertmanager", () => {
    expect(groupKeyOf(pod('a', 'g1'), [EACH_ALERT_ALONE])).toBe('fingerprint:fp-a');
    expect(groupKeyOf(pod('a', 'g1'), [EACH_ALERT_ALONE])).not.toBe(groupKeyOf(pod('b', 'g1'), [EACH_ALERT_ALONE]));
  });

  it("falls back to the source's group, then to the fingerprint", () => {
    expect(groupKeyOf(pod('a', 'g1'), [])).toBe(groupKeyOf(pod('b', 'g1'), []));
    expect(groupKeyOf(pod('a'), [])).toBe('fingerprint:fp-a');
  });

  it('keeps the three kinds of key apart: a source group that looks like a fingerprint key is still a group', () => {
    const tricky = { fingerprint: 'x', group: 'fingerprint:fp-a', labels: {} };
    expect(groupKeyOf(tricky, [])).not.toBe(groupKeyOf(pod('a'), []));
  });

  it('a missing groupBy label counts as empty, so alerts without it group together', () => {
    const bare = { fingerprint: 'y', group: null, labels: { alertname: 'PodCrash' } };
    expect(groupKeyOf(bare, ['alertname', 'cluster'])).toBe(groupKeyOf({ ...bare, fingerprint: 'z' }, ['alertname', 'cluster']));
  });
});

describe('incident summary', () => {
  const member = (title: string, severity: 'critical' | 'warning' | 'info', labels: Record<string, string>) => ({ title, severity, labels });

  it('shares only labels with equal values and keeps the highest severity', () => {
    expect(sharedLabels({ a: '1', b: '2' }, { a: '1', b: '3' })).toEqual({ a: '1' });
    expect(highestSeverity(['info', 'critical', 'warning'])).toBe('critical');
  });

  it("titles a group by its alerts' common title, else their common alertname, else the first alert's", () => {
    expect(summarize([member('Disk', 'info', { alertname: 'Disk' }), member('Disk', 'warning', { alertname: 'Disk' })]).title).toBe('Disk');
    expect(summarize([member('pod a down', 'info', { alertname: 'PodCrash' }), member('pod b down', 'info', { alertname: 'PodCrash' })]).title).toBe('PodCrash');
    expect(summarize([member('first', 'info', { alertname: 'A' }), member('second', 'info', { alertname: 'B' })]).title).toBe('first');
  });

  it('a join gives the same summary as summarizing every alert again', () => {
    const members = [member('pod a down', 'info', { alertname: 'PodCrash', pod: 'a', ns: 'x' }), member('pod a down', 'warning', { alertname: 'PodCrash', pod: 'b', ns: 'x' })];
    const joining = [member('pod c down', 'critical', { alertname: 'PodCrash', pod: 'c', ns: 'y' })];
    const before = summarize(members);
    expect(summarizeJoin({ ...before, openingTitle: 'pod a down' }, joining)).toEqual(summarize([...members, ...joining]));
    expect(summarizeJoin({ ...before, openingTitle: 'pod a down' }, [member('pod a down', 'info', { alertname: 'PodCrash', ns: 'x' })])).toEqual(
      summarize([...members, member('pod a down', 'info', { alertname: 'PodCrash', ns: 'x' })]),
    );
  });
});

describe('labels that tell an alert apart', () => {
  it("keeps the labels its incident's alerts do not all share, without the excluded ones or an alertname equal to its title", () => {
    const common = { alertname: 'PodCrash', namespace: 'prod' };
    expect(labelsApart({ alertname: 'PodCrash', namespace: 'prod', pod: 'a', severity: 'critical' }, common, 'PodCrash', ['severity'])).toEqual([['pod', 'a']]);
    expect(labelsApart({ alertname: 'PodNotReady', namespace: 'prod', pod: 'b' }, common, 'PodNotReady')).toEqual([['pod', 'b']]);
    expect(labelsApart({ alertname: 'PodNotReady', namespace: 'prod', pod: 'b' }, common, null)).toEqual([['alertname', 'PodNotReady'], ['pod', 'b']]);
  });
});
