import { describe, expect, it } from 'vitest';
import { type SummaryInput, groupKeyOf, summaryBody } from '../../../src/delivery/summary-text.js';
import { composeNotice } from '../../../src/templates/compose.js';

const summaryNotice = (input: SummaryInput, locale: 'en' | 'zh-CN' = 'en') => composeNotice(summaryBody(input), { locale, timeZone: 'UTC' }, 'lark');

describe('storm summary', () => {
  it('says how many incidents and alerts, the open ones by title, counts by state and links to the list', () => {
    const notice = summaryNotice({
      chat: 'ops',
      groupKey: 'cluster=prod',
      link: 'https://gong.example/console/alerts?summary=1',
      counts: {
        total: 40,
        alerts: 1200,
        firingByTitle: [{ title: 'HighCPU', count: 30 }, { title: 'DiskFull', count: 7 }],
        byState: { triggered: 35, acknowledged: 2, resolved: 3 },
      },
    });
    expect(notice.title).toBe('Alert storm · cluster=prod: 40 incidents, 1200 alerts');
    expect(notice.markdown).toContain('**37 open**: HighCPU × 30, DiskFull × 7');
    expect(notice.markdown).toContain('triggered 35 · acknowledged 2 · resolved 3 (40 incidents in this storm)');
    expect(notice.markdown).toContain('[All 40 incidents](https://gong.example/console/alerts?summary=1)');
  });

  it('is worded in the chat\'s language', () => {
    const notice = summaryNotice({ chat: 'c', groupKey: '', link: 'https://gong.example/s', counts: { total: 2, alerts: 5, firingByTitle: [], byState: { triggered: 0, acknowledged: 0, resolved: 2 } } }, 'zh-CN');
    expect(notice.title).toBe('告警风暴：共 2 个故障，5 条告警');
    expect(notice.markdown).toContain('**2 个故障均已恢复**');
  });

  it('escapes titles from the outside world', () => {
    const notice = summaryNotice({ chat: 'c', groupKey: '', link: 'http://x/', counts: { total: 1, alerts: 1, firingByTitle: [{ title: '[x](evil)', count: 1 }], byState: { triggered: 1, acknowledged: 0, resolved: 0 } } });
    expect(notice.markdown).not.toContain('[x](evil)');
  });

  it('groups by the configured labels, in order', () => {
    expect(groupKeyOf({ cluster: 'prod', team: 'db' }, ['team', 'cluster'])).toBe('team=db,cluster=prod');
    expect(groupKeyOf({}, [])).toBe('');
  });
});
