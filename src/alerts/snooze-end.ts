import type { SnoozeEndJob } from '../db/queues.js';
import type { ActRequest, ActResult } from './act.js';

/**
 * When a snooze runs out nothing else changes the incident, so its cards would keep "snoozed until"
 * for a time long past. The state machine clears the ended snooze (and the follow-ups its silence
 * ids: Alertmanager ends those silences at the same moment), the timeline records it and every card
 * is redrawn. Lifted, resolved or snoozed again since: refused, that change took care of the
 * cards. The escalation needs nothing: its timer was set for the snooze's end when it began.
 */
export function endSnooze(act: (request: ActRequest, now: Date) => Promise<ActResult>, job: SnoozeEndJob, now: Date): Promise<ActResult> {
  return act({ alertId: job.alertId, action: { type: 'snoozeEnd', until: new Date(job.until) }, actor: { name: 'Gong', platform: 'system' } }, now);
}
