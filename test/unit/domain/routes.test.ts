import { describe, expect, it } from 'vitest';
import { matchesAll, type Matcher } from '../../../src/domain/matchers.js';
import { parseMatchers } from '../../../src/domain/parse-matchers.js';
import { decideRoute, type Route } from '../../../src/domain/routes.js';

const m = (text: string): Matcher => {
  const parsed = parseMatchers(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.matchers[0]!;
};

describe('parseMatchers', () => {
  it('reads the four operators, with or without quotes', () => {
    expect(m('team="db"')).toEqual({ label: 'team', op: '=', value: 'db' });
    expect(m('team != web')).toEqual({ label: 'team', op: '!=', value: 'web' });
    expect(m('service=~"api|web"')).toEqual({ label: 'service', op: '=~', value: 'api|web' });
    expect(m('env!~dev.*')).toEqual({ label: 'env', op: '!~', value: 'dev.*' });
    expect(m('msg="say \\"hi\\""')).toEqual({ label: 'msg', op: '=', value: 'say "hi"' });
  });
  it('explains what it expected', () => {
    expect(parseMatchers('team')).toEqual({ ok: false, error: expect.stringContaining('expected an operator (=, !=, =~ or !~) after "team"') });
    expect(parseMatchers('team=~"(("')).toEqual({ ok: false, error: '"((" is not a valid regular expression: Unterminated group' });
  });
});

describe('matchesAll', () => {
  it('anchors regexes and treats a missing label as empty', () => {
    expect(matchesAll([m('service=~"api"')], { service: 'api-gw' })).toBe(false);
    expect(matchesAll([m('service=~"api.*"')], { service: 'api-gw' })).toBe(true);
    expect(matchesAll([m('team!="db"')], {})).toBe(true);
    expect(matchesAll([m('team=""')], {})).toBe(true);
    expect(matchesAll([m('team!~"db|data"')], { team: 'data' })).toBe(false);
    expect(matchesAll([m('a="1"'), m('b="2"')], { a: '1', b: '3' })).toBe(false);
  });
});

const routes: Route[] = [
  { name: 'db-critical', match: [m('severity="critical"'), m('team=~"db|data"')], chats: ['db'], escalation: 'db-oncall', groupBy: ['alertname'], continue: true },
  { name: 'grafana', match: [m('source="grafana"')], chats: ['dashboards'], continue: false },
  { name: 'critical', match: [m('severity="critical"')], chats: ['ops', 'db'], escalation: 'ops-oncall', continue: false },
  { name: 'default', match: [], chats: ['ops'], continue: false },
];

describe('decideRoute', () => {
  it('stops at the first match unless it continues, and unions the chats', () => {
    expect(decideRoute(routes, { labels: { team: 'db' }, severity: 'critical', source: 'am' })).toEqual({
      routes: ['db-critical', 'critical'],
      chats: ['db', 'ops'],
      escalation: 'db-oncall',
      groupBy: ['alertname'],
    });
  });
  it('matches severity and source as Gong knows them, not as labels say', () => {
    expect(decideRoute(routes, { labels: { severity: 'critical' }, severity: 'info', source: 'grafana' }).routes).toEqual(['grafana']);
    expect(decideRoute(routes, { labels: {}, severity: 'warning', source: 'am' })).toEqual({ routes: ['default'], chats: ['ops'], escalation: null, groupBy: [] });
  });
  it('sends an alert nowhere when nothing matches and there is no default', () => {
    expect(decideRoute(routes.slice(0, 2), { labels: {}, severity: 'info', source: 'am' }).chats).toEqual([]);
  });
});
