import type { GongApiCall } from './gong-api-client.js';
import { eventJson, FIRST_ALERTS, incidentAlertJson, incidentJson, type IncidentJson } from '../db/alert-json.js';
import { type AlertFilter, getAlert, getTimeline, listAlerts, listIncidentAlerts } from '../alerts/queries.js';
import type { Db } from '../db/client.js';
import type { RegroupResult } from '../alerts/regroup.js';
import type { AlertService } from '../alerts/service.js';
import { AlertDeskError } from './alert-desk.js';

export type IncidentShown = IncidentJson & { alerts: ReturnType<typeof incidentAlertJson>[]; timeline: ReturnType<typeof eventJson>[] };
/** Merge: `incident` stayed and took the alerts, `other` was merged away. Split: `incident` is the new one, `other` the one it left. */
export type Regrouped = { incident: IncidentJson; other: IncidentJson };

/**
 * What the CLI's `incidents` commands do, on the database directly or through the running Gong's
 * REST API (which answers the same JSON): the output is the same either way.
 */
export interface IncidentDesk {
  list(filter: Pick<AlertFilter, 'state' | 'q' | 'limit'>): Promise<IncidentJson[]>;
  /** The incident, its first alerts and its timeline. */
  show(id: number): Promise<IncidentShown>;
  merge(from: number, into: number, actor: string): Promise<Regrouped>;
  split(incident: number, alert: number | string, actor: string): Promise<Regrouped>;
}

/** On the database: reads are queries; a merge or split goes through the alert service (`acting`). */
export function localIncidentDesk(db: Db, acting: () => Promise<Pick<AlertService, 'merge' | 'split'>>): IncidentDesk {
  const regrouped = (result: RegroupResult): Regrouped => {
    if (!result.ok) throw new AlertDeskError(result.reason);
    return { incident: incidentJson(result.incident), other: incidentJson(result.other) };
  };
  const actor = (name: string) => ({ name, platform: 'cli' as const });
  return {
    async list(filter) {
      return (await listAlerts(db, filter)).alerts.map(incidentJson);
    },
    async show(id) {
      const incident = await getAlert(db, id);
      if (!incident) throw new AlertDeskError(`there is no incident #${id}`);
      const first = await listIncidentAlerts(db, id, { limit: FIRST_ALERTS });
      return { ...incidentJson(incident), alerts: first.alerts.map(incidentAlertJson), timeline: (await getTimeline(db, id)).map(eventJson) };
    },
    merge: async (from, into, name) => regrouped(await (await acting()).merge({ into, from, actor: actor(name) })),
    split: async (incident, alert, name) => regrouped(await (await acting()).split({ incident, alert, actor: actor(name) })),
  };
}

/** Through the API of the Gong server that holds the embedded database; its timeline records the platform as `api`. */
export function remoteIncidentDesk(api: GongApiCall): IncidentDesk {
  const refused = (status: number, answer: Record<string, unknown>) => new AlertDeskError(String(answer.error ?? `HTTP ${status}`));
  const get = async (path: string) => {
    const { status, answer } = await api('GET', path);
    if (status !== 200) throw refused(status, answer);
    return answer;
  };
  const regroup = async (id: number, body: Record<string, unknown>): Promise<Regrouped> => {
    const { status, answer } = await api('POST', `/api/v1/incidents/${id}/actions`, body);
    // Only an answer that says so is done: anything else is reported, never printed as success.
    if (status !== 200 || answer.ok !== true) throw refused(status, answer);
    return { incident: answer.incident as IncidentJson, other: answer.other as IncidentJson };
  };
  return {
    async list(filter) {
      const query = new URLSearchParams(Object.entries(filter).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])));
      return (await get(`/api/v1/incidents?${query}`)).incidents as IncidentJson[];
    },
    async show(id) {
      const incident = (await get(`/api/v1/incidents/${id}`)) as Omit<IncidentShown, 'timeline'> & { alertsNextCursor?: unknown };
      const { timeline } = (await get(`/api/v1/incidents/${id}/timeline`)) as Pick<IncidentShown, 'timeline'>;
      const { alertsNextCursor: _paged, ...shown } = incident;
      return { ...shown, timeline };
    },
    merge: (from, into, actor) => regroup(into, { type: 'merge', from, actor }),
    split: (incident, alert, actor) => regroup(incident, { type: 'split', alert, actor }),
  };
}
