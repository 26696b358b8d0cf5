import { parseAction } from '../domain/parse-action.js';
import type { GongApiCall } from './gong-api-client.js';
import { type AlertJson, alertJson, eventJson } from '../db/alert-json.js';
import { type AlertFilter, getAlert, getTimeline, listAlerts } from '../alerts/queries.js';
import type { AlertService } from '../alerts/service.js';
import type { Db } from '../db/client.js';
import { UserError } from '../shared/user-error.js';

/** A refusal of what the CLI user asked (no such alert, an action the alert's state refuses). */
export class AlertDeskError extends UserError {}

/**
 * What the CLI's `alerts` commands do, on the database directly or through the running Gong's
 * REST API (which answers the same JSON): the output is the same either way.
 */
export interface AlertDesk {
  list(filter: Pick<AlertFilter, 'state' | 'q' | 'limit'>): Promise<AlertJson[]>;
  /** The alert and its timeline, as `GET /api/v1/alerts/:id` answers. */
  show(id: number): Promise<AlertJson & { timeline: unknown[] }>;
  act(id: number, action: 'ack' | 'resolve', args: { note?: string }, actor: string): Promise<AlertJson>;
}

/**
 * On the database: reads are queries; `acting` gives the alert service, started only for an action
 * (it needs the job queue, the slow part of a start).
 */
export function localAlertDesk(db: Db, acting: () => Promise<Pick<AlertService, 'act'>>): AlertDesk {
  return {
    async list(filter) {
      return (await listAlerts(db, filter)).alerts.map(alertJson);
    },
    async show(id) {
      const alert = await getAlert(db, id);
      if (!alert) throw new AlertDeskError(`there is no alert #${id}`);
      return { ...alertJson(alert), timeline: (await getTimeline(db, id)).map(eventJson) };
    },
    async act(id, action, args, actor) {
      const parsed = parseAction(action, args);
      if (!parsed.ok) throw new AlertDeskError(parsed.error);
      const result = await (await acting()).act({ alertId: id, action: parsed.action, actor: { name: actor, platform: 'cli' } });
      if (!result.ok) throw new AlertDeskError(result.reason);
      return alertJson(result.alert);
    },
  };
}

/** Through the API of the Gong server that holds the embedded database; its timeline records the platform as `api`. */
export function remoteAlertDesk(api: GongApiCall): AlertDesk {
  const refused = (status: number, answer: Record<string, unknown>) => new AlertDeskError(String(answer.error ?? `HTTP ${status}`));
  return {
    async list(filter) {
      const query = new URLSearchParams(Object.entries(filter).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])));
      const { status, answer } = await api('GET', `/api/v1/alerts?${query}`);
      if (status !== 200) throw refused(status, answer);
      return answer.alerts as AlertJson[];
    },
    async show(id) {
      const { status, answer } = await api('GET', `/api/v1/alerts/${id}`);
      if (status !== 200) throw refused(status, answer);
      return answer as AlertJson & { timeline: unknown[] };
    },
    async act(id, action, args, actor) {
      const { status, answer } = await api('POST', `/api/v1/alerts/${id}/actions`, { action, actor, args });
      // Only an answer that says so is a done action: anything else is reported, never printed as success.
      if (status !== 200 || answer.ok !== true) throw refused(status, answer);
      return answer.alert as AlertJson;
    },
  };
}
