import { type Matcher, matchesAll } from './matchers.js';

/** One notification policy, as configured under `routes:` (matchers already parsed). */
export interface Route {
  name: string;
  /** Empty: the route matches every alert (a default route). */
  match: Matcher[];
  chats: string[];
  escalation?: string;
  groupBy?: string[];
  continue: boolean;
}

/** What an alert is matched on: its labels, plus `severity` and `source` as Gong knows them. */
export interface RoutableAlert {
  labels: Readonly<Record<string, string>>;
  severity: string;
  source: string;
}

export interface RouteDecision {
  /** The names of the routes that matched, in order. */
  routes: string[];
  chats: string[];
  /** The first matching route's policy, if any names one. */
  escalation: string | null;
  groupBy: string[];
}

/**
 * Walks the routes in order: the first match wins unless it says `continue`, in which case later
 * routes may add chats. The escalation and group-by come from the first matching route that sets them.
 */
export function decideRoute(routes: readonly Route[], alert: RoutableAlert): RouteDecision {
  const labels = { ...alert.labels, severity: alert.severity, source: alert.source };
  const decision: RouteDecision = { routes: [], chats: [], escalation: null, groupBy: [] };
  const chats = new Set<string>();
  for (const route of routes) {
    if (!matchesAll(route.match, labels)) continue;
    decision.routes.push(route.name);
    for (const chat of route.chats) chats.add(chat);
    decision.escalation ??= route.escalation ?? null;
    if (decision.groupBy.length === 0 && route.groupBy) decision.groupBy = route.groupBy;
    if (!route.continue) break;
  }
  decision.chats = [...chats];
  return decision;
}
