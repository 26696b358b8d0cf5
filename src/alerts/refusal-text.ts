import { formatDuration } from '../domain/duration.js';
import type { Refusal } from '../domain/lifecycle.js';
import { formatTime } from '../cards/alert-view.js';

/**
 * A refusal in English, for the REST API, the CLI and logs ("already resolved by alice at
 * 10:02"). Chats word the same codes in their own language through `refusal.<locale>.txt`.
 */
export function refusalText(refusal: Refusal, timeZone: string): string {
  const by = (who: string | null) => (who ? ` by ${who}` : '');
  const at = (date: Date | null) => (date ? ` at ${formatTime(date, timeZone).slice(11)}` : '');
  switch (refusal.code) {
    case 'alreadyResolved':
      return `already resolved${by(refusal.by)}${at(refusal.at)}`;
    case 'alreadyAcknowledged':
      return `already acknowledged${by(refusal.by)}${at(refusal.at)}`;
    case 'notAcknowledged':
      return `not acknowledged (it is ${refusal.state})`;
    case 'notResolved':
      return `not resolved (it is ${refusal.state})`;
    case 'needsAssignee':
      return 'assign needs a person';
    case 'alreadyAssigned':
      return `already assigned to ${refusal.user}`;
    case 'needsDuration':
      return 'snooze needs a positive duration such as 30m, 2h or 1d';
    case 'snoozeTooLong':
      return `snooze is limited to ${formatDuration(refusal.maxMs)}`;
    case 'notSnoozed':
      return 'not snoozed';
    case 'needsText':
      return 'comment needs some text';
    case 'alreadyHandled':
      return 'already handled';
    case 'sameIncident':
      return 'an incident cannot be merged into itself';
    case 'mergedAway':
      return `merged into #${refusal.into}; act on #${refusal.into}`;
    case 'notInIncident':
      return `alert ${refusal.alert} is not in this incident`;
    case 'lastAlert':
      return 'it is the incident\'s only alert; there is nothing to split it from';
  }
}

