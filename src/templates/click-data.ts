import { durationText, durationWords } from '../cards/duration-text.js';
import type { Refusal } from '../domain/lifecycle.js';
import { type ViewOptions, buildAlertView, formatTime } from '../cards/alert-view.js';
import { truncate } from '../cards/markdown.js';
import { strings } from '../cards/strings.js';
import { MAX, alertData } from './alert-data.js';
import type { ClickBody } from './messages.js';
import { didOf } from './message-data.js';

/** Actions the confirm button names; anything else is printed as it is. */
const NAMED_ACTIONS = new Set(['ack', 'unack', 'resolve', 'reopen', 'assign', 'snooze']);

/**
 * What `refusal.txt` sees: `is.<code>` and the values its sentence needs, capped. `source` is the
 * refused incident's source, where known: an incident its source resolved was not a person's doing.
 */
export function refusalValues(refusal: Refusal, options: ViewOptions, source?: string): object {
  const cap = (text: string | null) => (text === null ? null : truncate(text, MAX.text));
  switch (refusal.code) {
    case 'alreadyResolved':
    case 'alreadyAcknowledged':
      return {
        is: { [refusal.code]: true },
        by: cap(refusal.by),
        at: refusal.at && formatTime(refusal.at, options.timeZone).slice(11),
        fromSource: source !== undefined && refusal.by === source,
      };
    case 'notAcknowledged':
    case 'notResolved':
      return { is: { [refusal.code]: true }, state: refusal.state, stateText: strings(options.locale)[refusal.state] };
    case 'alreadyAssigned':
      return { is: { [refusal.code]: true }, user: cap(refusal.user) };
    case 'snoozeTooLong':
      return { is: { [refusal.code]: true }, max: durationText(refusal.maxMs, options.locale) };
    case 'mergedAway':
      return { is: { [refusal.code]: true }, into: refusal.into };
    case 'notInIncident':
      return { is: { [refusal.code]: true }, alert: cap(refusal.alert) };
    default:
      return { is: { [refusal.code]: true } };
  }
}

/** What `click.txt` sees: `is.<kind>` picks the line; `reason` is the refusal already worded. */
export function clickValues(body: ClickBody, options: ViewOptions, reason: string | null): object {
  switch (body.kind) {
    case 'done':
      return { is: { done: true }, did: didOf(body.event), event: body.event, alert: alertData(buildAlertView(body.alert, options)) };
    case 'refused':
      return { is: { refused: true }, alert: alertData(buildAlertView(body.alert, options)), reason };
    case 'notFound':
      return { is: { notFound: true }, id: body.alertId };
    case 'invalid':
      return { is: { invalid: true }, action: truncate(body.action, 50) };
    case 'confirm':
      return {
        is: { confirm: true },
        act: { [NAMED_ACTIONS.has(body.action) ? body.action : 'other']: true },
        action: truncate(body.action, 50),
        duration: body.duration ? truncate(durationWords(body.duration, options.locale), 20) : null,
      };
    default:
      return { is: { [body.kind]: true } };
  }
}
