import { type ViewOptions, buildAlertView, formatTime } from '../cards/alert-view.js';
import { formatDuration } from '../domain/duration.js';
import { markdownLink, truncate } from '../cards/markdown.js';
import { COMMAND_USAGE } from '../domain/command.js';
import { MAX, alertData } from './alert-data.js';
import { Markdown } from './escape.js';
import type { NoticeBody, ReplyBody } from './messages.js';
import type { AlertStats } from '../domain/stats.js';

const EMOJI = { critical: '🔴', warning: '🟠', info: '🔵', resolved: '✅' } as const;
const mean = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));
const title = (text: string) => truncate(text, MAX.title);
const first = <T>(items: T[], max: number) => ({ items: items.slice(0, max).map((item, index, all) => ({ ...item, last: index === all.length - 1 })), more: items.length > max });

/** A URL a template may print inside `(…)`: plain http(s) only, anything else is left out. */
const safeUrl = (url: string) => (markdownLink('x', url) === 'x' ? null : new Markdown(url));

/** The statistics' figures as templates print them. */
function figures(stats: AlertStats) {
  return {
    total: stats.total,
    alerts: stats.alerts,
    resolved: stats.resolved,
    unresolved: stats.unresolved,
    mtta: mean(stats.mttaMs),
    mttr: mean(stats.mttrMs),
    noisiest: stats.noisiest.map((item) => ({ title: title(item.title), count: item.count })),
  };
}

/** What a notice template sees: the body's values, capped, and `is.<kind>` / `is.<event>` flags. */
export function noticeValues(body: NoticeBody): object {
  switch (body.kind) {
    case 'escalation':
      return { is: { escalation: true }, id: body.alertId, title: title(body.title), step: body.step, round: body.round > 0 ? body.round : null, waited: formatDuration(body.waitedMs) };
    case 'update':
      return { is: { update: true, [body.event]: true }, event: body.event, id: body.alertId, title: title(body.title), actor: truncate(body.actor, MAX.text), assignee: body.assignee ? truncate(body.assignee, MAX.text) : null, note: body.note ? truncate(body.note, MAX.summary) : null };
    case 'stats':
      return { is: { stats: true }, date: body.date, until: body.until, ...figures(body.figures) };
    case 'storm': {
      const { counts } = body;
      const top = first(counts.firingByTitle.map((item) => ({ title: title(item.title), count: item.count })), 10);
      return {
        is: { storm: true },
        groupKey: body.groupKey ? truncate(body.groupKey, MAX.text) : null,
        total: counts.total,
        alerts: counts.alerts,
        firing: counts.byState.triggered + counts.byState.acknowledged || null,
        ...counts.byState,
        top: top.items,
        more: top.more,
        url: safeUrl(body.link),
      };
    }
    case 'test':
      return { is: { test: true }, source: body.source ?? null };
  }
}

/**
 * What the reply template sees: `is.<kind>` picks the section; alerts are viewed in the chat's
 * options; `reason` is a refusal already worded by `refusal.txt`.
 */
export function replyValues(body: ReplyBody, options: ViewOptions, reason: string | null = null): object {
  const time = (date: Date) => formatTime(date, options.timeZone);
  switch (body.kind) {
    case 'help':
    case 'unknown':
      // Usage lines are Gong's own, shown as code: printed as they are, not escaped.
      return { is: { [body.kind]: true }, verb: body.kind === 'unknown' ? truncate(body.verb, 50) : null, commands: COMMAND_USAGE.map((usage) => new Markdown(usage)) };
    case 'usage':
      return { is: { usage: true }, usage: new Markdown(body.usage) };
    case 'notFound':
      return { is: { notFound: true }, id: body.alertId };
    case 'refused':
      return { is: { refused: true }, alert: alertData(buildAlertView(body.alert, options)), reason };
    case 'done':
      return { is: { done: true }, did: { [body.event]: true }, event: body.event, alert: alertData(buildAlertView(body.alert, options)) };
    case 'show':
      return {
        is: { show: true },
        alert: alertData(buildAlertView(body.alert, options)),
        timeline: body.timeline.map((event) => ({ time: time(event.at).slice(11), type: event.type, actor: truncate(event.actor, MAX.text), platform: event.platform })),
      };
    case 'list':
      return {
        is: { list: true, [body.scope]: true },
        alerts: body.alerts.map((alert) => ({ ...alert, title: title(alert.title), assignee: alert.assignee && truncate(alert.assignee, MAX.text), emoji: EMOJI[alert.state === 'resolved' ? 'resolved' : alert.severity], is: { [alert.state]: true } })),
        empty: body.alerts.length === 0,
        more: body.more,
      };
    case 'oncall':
      return {
        is: { oncall: true },
        schedules: body.schedules.map((item) => ({ ...item, now: item.now && { ...item.now, until: time(new Date(item.now.to)) } })),
        none: body.schedules.length === 0,
      };
    case 'stats':
      return { is: { stats: true, [body.period]: true }, ...figures(body.figures) };
  }
}
