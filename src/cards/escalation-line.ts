import type { AlertRow } from '../db/alert-json.js';
import { offsetOf, stepOf } from '../domain/escalation.js';
import type { Locale } from './strings.js';

const TEXT = {
  en: { escalated: 'Escalated to step', repeat: 'repeat', next: 'next', first: 'Escalates at', ofPolicy: 'policy', done: 'escalation finished' },
  'zh-CN': { escalated: '已升级到第', repeat: '重复', next: '下一步', first: '升级时间', ofPolicy: '策略', done: '升级已结束' },
} as const;

/**
 * The card's escalation line: the last step that fired and whom it called, and when the next one
 * is due while the alert waits for someone (an acknowledged or snoozed alert shows no next time).
 */
export function escalationLine(alert: AlertRow, locale: Locale, clock: (date: Date) => string, now: Date): string | null {
  const escalation = alert.escalation;
  if (!escalation) return null;
  const t = TEXT[locale];
  const waiting = alert.state === 'triggered' && !(alert.snoozedUntil && alert.snoozedUntil > now);
  const nextAt = escalation.next === null ? null : new Date(Date.parse(escalation.anchorAt) + offsetOf(escalation.policy, escalation.next));
  const parts: string[] = [];
  if (escalation.last) {
    const { number, round } = stepOf(escalation.policy, escalation.last.index);
    const step = locale === 'en' ? `${t.escalated} ${number}` : `${t.escalated} ${number} 步`;
    const who = escalation.last.mentions.map((name) => `@${name}`).join(' ');
    parts.push(`${step}${round > 0 ? ` (${t.repeat} ${round})` : ''}${who ? `: ${who}` : ''} · ${clock(new Date(escalation.last.at))}`);
    if (waiting && nextAt) parts.push(`${t.next} ${clock(nextAt)}`);
    else if (escalation.next === null && alert.state === 'triggered') parts.push(t.done);
  } else if (waiting && nextAt) {
    parts.push(`${t.first} ${clock(nextAt)} (${t.ofPolicy} ${escalation.policy.name})`);
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}
