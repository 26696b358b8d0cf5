import { compileRoutes } from '../config/compile-routing.js';
import type { ParsedConfig } from '../config/schema.js';
import { decideRoute, type RoutableAlert, type RouteDecision } from '../domain/routes.js';

export type DecideRoute = (alert: RoutableAlert) => RouteDecision;

/**
 * The configured notification policies. Without any `routes:`, every alert goes to every chat
 * (what a fresh install expects); with routes, an alert no route matches is stored but posted nowhere.
 */
export function createRouting(config: Pick<ParsedConfig, 'routes' | 'chats'>): DecideRoute {
  if (config.routes.length === 0) {
    const everyChat = config.chats.map((chat) => chat.name);
    return () => ({ routes: [], chats: everyChat, escalation: null, groupBy: [] });
  }
  const routes = compileRoutes(config);
  return (alert) => decideRoute(routes, alert);
}
