import { describe, expect, it } from 'vitest';
import { buildAlertView } from '../../../src/cards/alert-view.js';
import { COMMAND_USAGE } from '../../../src/domain/command.js';
import { CHANNEL_KINDS, renderAll } from '../../../src/platforms/check-templates.js';
import { composeClick, composeNotice, composeRefusal, composeReply } from '../../../src/templates/compose.js';
import { sampleAlert, sampleAlerts } from '../../../src/templates/sample-alert.js';
import { sampleReplies } from '../../../src/templates/sample-messages.js';

const now = new Date('2026-01-02T02:30:00Z');
const zh = { template: 'default', locale: 'zh-CN', timeZone: 'Asia/Shanghai', now } as const;
const en = { ...zh, locale: 'en' } as const;

/**
 * Gong's own English vocabulary: none of it may reach a Chinese chat. Event names, state names,
 * the words of a status line ("by", "at", "until"), card labels and what a client adds.
 */
const ENGLISH = new RegExp(
  `\\b(${[
    'acknowledge[sd]?', 'acknowledgement', 'unacknowledge[sd]?', 'snoozed?', 'unsnoozed', 'resolved?', 'reopen(ed)?', 'assign(ed|ee)?', 'triggered',
    'escalat(ed|es|ion)', 'opened', 'commented', 'merged', 'split', 'firing', 'fired', 'joined', 'by', 'at', 'until', 'more', 'for', 'View details',
    'Source', 'Started', 'Severity', 'Duration', 'Occurrences', 'nobody', 'Critical', 'Warning', 'Info', 'alerts?', 'incidents?', 'step', 'repeat',
    'next', 'policy', 'Dashboard', 'Runbook', 'Labels', 'dingtalk', 'lark', 'wecom', 'console', 'cli', 'MTTA', 'MTTR', 'Total', 'timeout',
    // durations as commands write them: people read "2 小时", not "2h"
    '\\d+\\s?[smhdw]',
  ].join('|')})\\b`,
  'i',
);

/** What the alert itself brings (titles, texts, labels, names, sources): the source's words, not Gong's. */
const FROM_THE_ALERT = [
  /https?:\/\/[^\s)"]+/g,
  /`[^`]*`/g, // commands, as people type them
  /30m、2h 或 1d/g, // how to write a duration in a command
  /HighCPU on web-3|KubePodCrashLooping|KubePodNotReady|DiskFull|HighCPU/g,
  /CPU above 90% for 10 minutes\.|Pods of the api deployment restart repeatedly\./g,
  /the node is back|restarted the node|fixed|looking/g,
  /\b(instance|job|pod|namespace|node|alertname|cluster)\s*(=|:|：)\s*[\w./-]+/g,
  /Han Meimei|Li Lei|alertmanager|grafana|Gong|Alertmanager/g,
  /<at [^>]*><\/at>|<@\w+>/g, // mentions, in each platform's syntax
];

/** Keys of a message that are the platform's machine values (tags, colours, flags), not words people read. */
const MACHINE_KEYS = new Set(['tag', 'type', 'template', 'width', 'flex_mode', 'msgtype', 'card_type', 'severity', 'state', 'buttonsVisible', 'ackVisible', 'url', 'default_url', 'value', 'action', 'alertId', 'atUserIds', 'mentioned_list', 'schema']);

/** The text people read in a message, as one string. */
function wordsOf(message: unknown, key = ''): string {
  if (typeof message === 'string') return MACHINE_KEYS.has(key) ? '' : message;
  if (Array.isArray(message)) return message.map((item) => wordsOf(item, key)).join('\n');
  if (message && typeof message === 'object') return Object.entries(message).map(([k, v]) => wordsOf(v, k)).join('\n');
  return '';
}

function gongWords(message: unknown): string {
  let text = wordsOf(message).replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  for (const pattern of FROM_THE_ALERT) text = text.replace(pattern, ' ');
  return text;
}

describe('every zh-CN message', () => {
  it.each(CHANNEL_KINDS.flatMap((kind) => sampleAlerts(now).map((sample) => [kind, sample.name, sample] as const)))(
    'of a %s chat about a %s alert has none of Gong\'s English words',
    (kind, _name, { alert, incident }) => {
      const messages = renderAll(alert, zh, [kind], incident);
      for (const [name, message] of Object.entries(messages)) {
        const words = gongWords(message);
        expect(words, `${name}: ${words}`).not.toMatch(ENGLISH);
      }
    },
  );

  it('catches an English word where it leaks (the check can fail)', () => {
    expect(gongWords({ text: '#42 Acknowledged by Han Meimei at 10:12' })).toMatch(ENGLISH);
    expect(gongWords({ content: '- 10:05 Li Lei 认领（lark）' })).toMatch(ENGLISH);
    expect(gongWords({ content: '开始时间 10:00 (30m)' })).toMatch(ENGLISH);
    expect(gongWords({ content: '开始时间 10:00 (30 分钟)' })).not.toMatch(ENGLISH);
  });
});

describe('Chinese word order', () => {
  const at = new Date('2026-01-02T00:46:00Z');
  const acked = sampleAlert({ state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: 'Alice' });

  it('puts who and when before the verb: "Alice 于 08:46 认领"', () => {
    expect(buildAlertView(acked, zh).statusLine).toBe('Alice 于 08:46 认领');
    expect(buildAlertView(acked, en).statusLine).toBe('Acknowledged by Alice at 08:46');
    expect(composeClick({ kind: 'done', alert: acked, event: 'acknowledged' }, zh, 'lark')).toBe('#42 Alice 于 08:46 认领');
    expect(composeReply({ kind: 'done', alert: acked, event: 'acknowledged' }, zh, 'dingtalk').markdown).toBe('#42 HighCPU on web-3：Alice 于 08:46 认领。');
    expect(composeClick({ kind: 'refused', alert: acked, refusal: { code: 'alreadyAcknowledged', by: 'Alice', at } }, zh, 'lark')).toBe('#42：Alice 已于 08:46 认领');
  });

  it('says 解决 of a person and 恢复 of the source', () => {
    const byPerson = sampleAlert({ state: 'resolved', resolvedAt: at, resolvedBy: 'Bob' });
    const bySource = sampleAlert({ state: 'resolved', resolvedAt: at, resolvedBy: 'alertmanager' });
    expect(buildAlertView(byPerson, zh).statusLine).toBe('Bob 于 08:46 解决');
    expect(buildAlertView(bySource, zh).statusLine).toBe('已于 08:46 恢复');
    expect(composeRefusal({ code: 'alreadyResolved', by: 'Bob', at }, zh, 'lark', 'alertmanager')).toBe('Bob 已于 08:46 解决');
    expect(composeRefusal({ code: 'alreadyResolved', by: 'alertmanager', at }, zh, 'lark', 'alertmanager')).toBe('已于 08:46 恢复');
  });

  it('writes durations in words, and answers each action in its own sentence', () => {
    const snoozed = sampleAlert({ snoozedUntil: new Date('2026-01-02T04:30:00Z') });
    expect(buildAlertView(sampleAlert(), zh).duration).toBe('30 分钟');
    expect(composeClick({ kind: 'done', alert: snoozed, event: 'snoozed' }, zh, 'lark')).toBe('#42 已静默至 2026-01-02 12:30');
    expect(composeClick({ kind: 'done', alert: snoozed, event: 'assigned' }, zh, 'lark')).toBe('#42 已分配给 Li Lei');
    expect(composeClick({ kind: 'confirm', action: 'snooze', duration: '2h' }, zh, 'lark')).toBe('确认静默 2 小时');
    expect(composeNotice({ kind: 'escalation', alertId: 42, title: 'HighCPU', step: 2, round: 1, waitedMs: 90 * 60_000 }, zh, 'lark')).toMatchObject({
      title: '已升级到第 2 步（第 1 次重复）',
      markdown: '#42 HighCPU 已 1 小时 30 分钟无人认领',
    });
  });

  it('tells a `show` timeline in Chinese sentences, the platform in Chinese', () => {
    const show = composeReply(sampleReplies(acked).show!, zh, 'lark').markdown;
    expect(show).toContain('- 10:05 Han Meimei 认领（飞书）');
    expect(show).toContain('- 10:05 Li Lei 将故障静默 2 小时，至 12:05（控制台）');
    expect(show).toContain('- 10:05 升级到第 2 步，通知 Li Lei、Han Meimei');
    expect(show).toContain('- 10:05 认领超时，自动取消认领');
    expect(show).toContain('- 10:05 Li Lei 解决：restarted the node（命令行）');
    expect(show).toContain('- 10:05 alertmanager 报告故障已恢复');
    expect(show).toContain('来源 alertmanager · 开始于 2026-01-02 10:00 · 持续 30 分钟 · 处理人 Li Lei');
  });
});

describe('help', () => {
  it.each([['zh-CN', zh], ['en', en]] as const)('describes every command in one line in %s', (_locale, options) => {
    const help = composeReply({ kind: 'help' }, options, 'lark').markdown;
    for (const usage of Object.values(COMMAND_USAGE)) {
      const line = help.split('\n').find((item) => item.startsWith(`- \`${usage}\` — `));
      expect(line, usage).toBeDefined();
      expect(line!.slice(`- \`${usage}\` — `.length).trim().length, usage).toBeGreaterThan(3);
    }
  });
});
