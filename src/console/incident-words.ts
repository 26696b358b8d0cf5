import type { AlertRow } from '../db/alert-json.js';
import type { Action, Refusal } from '../domain/lifecycle.js';
import { type ConsoleClock, durationText } from './console-time.js';
import type { Words } from './words.js';

/** An incident's state in the page's language: "Acknowledged" / "已认领". */
export function stateText(state: AlertRow['state'], words: Words): string {
  if (state === 'triggered') return words.t('incident.stateTriggered');
  if (state === 'acknowledged') return words.t('incident.stateAcknowledged');
  return words.t('incident.stateResolved');
}

export function severityText(severity: AlertRow['severity'], words: Words): string {
  if (severity === 'critical') return words.t('incident.severityCritical');
  if (severity === 'warning') return words.t('incident.severityWarning');
  return words.t('incident.severityInfo');
}

/** "Acknowledged by Alice at 08:46" / "Alice 于 08:46 认领", or the state alone. */
export function statusLine(incident: AlertRow, words: Words, clock: ConsoleClock): string {
  if (incident.state === 'acknowledged' && incident.acknowledgedBy && incident.acknowledgedAt) {
    return words.t('incident.acknowledgedBy', { who: incident.acknowledgedBy, time: clock.near(incident.acknowledgedAt) });
  }
  if (incident.state === 'resolved' && incident.resolvedBy && incident.resolvedAt) {
    return words.t('incident.resolvedBy', { who: incident.resolvedBy, time: clock.near(incident.resolvedAt) });
  }
  return stateText(incident.state, words);
}

/** What an accepted action did, for the flash: "Snoozed until 10:46", "Assigned to dave". */
export function doneText(action: Action, incident: AlertRow, words: Words, clock: ConsoleClock): string {
  const { t } = words;
  switch (action.type) {
    case 'ack':
      return t('incident.doneAck');
    case 'unack':
      return t('incident.doneUnack');
    case 'resolve':
      return action.note ? t('incident.doneResolveNote') : t('incident.doneResolve');
    case 'reopen':
      return t('incident.doneReopen');
    case 'assign':
      return t('incident.doneAssign', { user: incident.assignee ?? action.user });
    case 'snooze':
      return incident.snoozedUntil ? t('incident.doneSnooze', { time: clock.near(incident.snoozedUntil) }) : t('incident.doneUnsnooze');
    case 'unsnooze':
    case 'snoozeEnd':
      return t('incident.doneUnsnooze');
    case 'escalate':
      return t('incident.doneEscalate');
    case 'comment':
      return t('incident.doneComment');
  }
}

/** Why an action was refused, in the page's language, with who and when on the zone's clock. */
export function refusalText(refusal: Refusal, words: Words, clock: ConsoleClock): string {
  const { t } = words;
  switch (refusal.code) {
    case 'alreadyResolved':
      return refusal.by && refusal.at
        ? t('incident.refusedAlreadyResolvedBy', { who: refusal.by, time: clock.near(refusal.at) })
        : t('incident.refusedAlreadyResolved');
    case 'alreadyAcknowledged':
      return refusal.by && refusal.at
        ? t('incident.refusedAlreadyAcknowledgedBy', { who: refusal.by, time: clock.near(refusal.at) })
        : t('incident.refusedAlreadyAcknowledged');
    case 'notAcknowledged':
      return t('incident.refusedNotAcknowledged', { state: stateText(refusal.state, words) });
    case 'notResolved':
      return t('incident.refusedNotResolved', { state: stateText(refusal.state, words) });
    case 'needsAssignee':
      return t('incident.refusedNeedsAssignee');
    case 'alreadyAssigned':
      return t('incident.refusedAlreadyAssigned', { user: refusal.user });
    case 'needsDuration':
      return t('incident.refusedNeedsDuration');
    case 'snoozeTooLong':
      return t('incident.refusedSnoozeTooLong', { max: durationText(refusal.maxMs, words) });
    case 'notSnoozed':
      return t('incident.refusedNotSnoozed');
    case 'needsText':
      return t('incident.refusedNeedsText');
    case 'alreadyHandled':
      return t('incident.refusedAlreadyHandled');
    case 'sameIncident':
      return t('incident.refusedSameIncident');
    case 'mergedAway':
      return t('incident.refusedMergedAway', { into: refusal.into });
    case 'notInIncident':
      return t('incident.refusedNotInIncident', { alert: refusal.alert });
    case 'lastAlert':
      return t('incident.refusedLastAlert');
  }
}
