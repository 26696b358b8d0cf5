import type { AlertRow } from '../db/alert-json.js';
import { offsetOf, stepOf } from '../domain/escalation.js';
import type { Locale } from './strings.js';

/** The parts of the line, each a whole phrase of its language (word order differs, so no word is shared). */
const TEXT = {
  en: {
    stepped: (step: number, round: number, who: string, at: string) => `Escalated to step ${step}${round > 0 ? ` (repeat ${round})` : ''}${who ? `: ${who}` : ''} · ${at}`,
    next: (at: string) => `next ${at}`,
    first: (at: string, policy: string) => `Escalates at ${at} (policy ${policy})`,
    done: 'escalation finished',
  },
  'zh-CN': {
    stepped: (step: number, round: number, who: string, at: string) => `${at} 升级到第 ${step} 步${round > 0 ? `（第 ${round} 次重复）` : ''}${who ? `，通知 ${who}` : ''}`,
    next: (at: string) => `下一步 ${at}`,
    first: (at: string, policy: string) => `无人认领将于 ${at} 升级（策略 ${policy}）`,
    done: '升级步骤已全部执行',
  },
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
    const who = escalation.last.mentions.map((name) => `@${name}`).join(' ');
    parts.push(t.stepped(number, round, who, clock(new Date(escalation.last.at))));
    if (waiting && nextAt) parts.push(t.next(clock(nextAt)));
    else if (escalation.next === null && alert.state === 'triggered') parts.push(t.done);
  } else if (waiting && nextAt) {
    parts.push(t.first(clock(nextAt), escalation.policy.name));
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}
