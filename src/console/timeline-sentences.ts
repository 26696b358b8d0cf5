import type { AlertEventRow } from '../db/alert-json.js';
import { escapeHtml } from '../http/html.js';
import { type ConsoleClock, durationText, fillHtml } from './console-time.js';
import type { Words } from './words.js';

/** `#42` linking to the incident's page; nothing when the detail is not an incident number. */
const incidentLink = (value: unknown) => (Number.isSafeInteger(value) && (value as number) > 0 ? `<a href="/console/incidents/${value}">#${value}</a>` : '');
const count = (details: Record<string, unknown>) => (Array.isArray(details.alerts) ? details.alerts.length : 0);
const text = (value: unknown) => (typeof value === 'string' ? escapeHtml(value) : '');
const strong = (value: unknown) => `<strong>${text(value)}</strong>`;

/** "3 alerts" / "3 条告警". */
export function alertsWord(n: number, words: Words): string {
  return n === 1 ? words.t('timeline.oneAlert') : words.t('timeline.manyAlerts', { n });
}

/** The platform an action came through, in the page's language; empty for a monitoring source (the actor names it). */
export function platformName(platform: string, words: Words): string {
  const { t } = words;
  switch (platform) {
    case 'dingtalk':
      return t('timeline.platformDingtalk');
    case 'lark':
      return t('timeline.platformLark');
    case 'wecom':
      return t('timeline.platformWecom');
    case 'api':
      return t('timeline.platformApi');
    case 'cli':
      return t('timeline.platformCli');
    case 'console':
      return t('timeline.platformConsole');
    case 'system':
      return t('timeline.platformSystem');
    case 'source':
      return '';
    default:
      return platform;
  }
}

/**
 * What happened, as a sentence of HTML in the page's language, with people's names and times on
 * the zone's clock: "Alice acknowledged", "Bob snoozed it for 2 h, until 10:46", "merged into #42".
 */
export function eventSentence(event: Pick<AlertEventRow, 'type' | 'actor' | 'details' | 'at'>, words: Words, clock: ConsoleClock): string {
  const { t } = words;
  const actor = strong(event.actor);
  const d = event.details;
  const alerts = escapeHtml(alertsWord(count(d), words));
  switch (event.type) {
    case 'opened':
      return fillHtml(t('timeline.opened'), { actor });
    case 'acknowledged':
      return fillHtml(t('timeline.acknowledged'), { actor });
    case 'unacknowledged':
      return fillHtml(t('timeline.unacknowledged'), { actor });
    case 'resolved':
      return d.note ? fillHtml(t('timeline.resolvedNote'), { actor, note: text(d.note) }) : fillHtml(t('timeline.resolved'), { actor });
    case 'reopened':
      return fillHtml(t('timeline.reopened'), { actor });
    case 'assigned':
      return fillHtml(t('timeline.assigned'), { actor, assignee: strong(d.assignee) });
    case 'snoozed': {
      const until = typeof d.until === 'string' ? new Date(d.until) : null;
      if (!until || Number.isNaN(until.getTime())) return fillHtml(t('timeline.snoozedBare'), { actor });
      return fillHtml(t('timeline.snoozed'), {
        actor,
        duration: escapeHtml(durationText(until.getTime() - event.at.getTime(), words)),
        until: clock.tag(until, clock.near(until, event.at)),
      });
    }
    case 'unsnoozed':
      return fillHtml(t('timeline.unsnoozed'), { actor });
    case 'snooze-ended':
      return escapeHtml(t('timeline.snoozeEnded'));
    case 'escalated': {
      if (d.manual || d.step === undefined) return fillHtml(t('timeline.escalated'), { actor });
      const people = Array.isArray(d.mentions) && d.mentions.length ? d.mentions.map(strong).join(escapeHtml(t('timeline.listSeparator'))) : escapeHtml(t('timeline.noOne'));
      return fillHtml(t('timeline.escalationStep'), { step: text(String(d.step)), policy: text(d.policy), people });
    }
    case 'commented':
      return fillHtml(t('timeline.commented'), { actor, text: text(d.text) });
    case 'alerts-joined':
      return fillHtml(t('timeline.alertsJoined'), { alerts });
    case 'alerts-resolved':
      return fillHtml(t('timeline.alertsResolved'), { alerts });
    case 'alerts-refired':
      return fillHtml(t('timeline.alertsRefired'), { alerts });
    case 'merged':
      return fillHtml(t('timeline.merged'), { actor, from: incidentLink(d.from), alerts });
    case 'merged-into':
      return fillHtml(t('timeline.mergedInto'), { actor, into: incidentLink(d.into) });
    case 'split':
      return fillHtml(t('timeline.split'), { actor, alerts, into: incidentLink(d.into) });
    case 'split-from':
      return fillHtml(t('timeline.splitFrom'), { actor, from: incidentLink(d.from) });
    default:
      return fillHtml(t('timeline.other'), { actor, type: escapeHtml(event.type) });
  }
}

/**
 * The timeline as list items: "Alice acknowledged · Lark · 08:46". The date is written when it
 * differs from the previous line's, so a long incident still reads unambiguously.
 */
export function timelineItems(events: readonly AlertEventRow[], words: Words, clock: ConsoleClock): string {
  let day = '';
  return events
    .map((event) => {
      const when = clock.full(event.at);
      const time = clock.tag(event.at, when.slice(0, 10) === day ? when.slice(11) : when);
      day = when.slice(0, 10);
      const sentence = eventSentence(event, words, clock);
      const platform = platformName(event.platform, words);
      const line = platform
        ? fillHtml(words.t('timeline.line'), { sentence, platform: escapeHtml(platform), time })
        : fillHtml(words.t('timeline.lineFromSource'), { sentence, time });
      return `<li>${line}</li>`;
    })
    .join('');
}
