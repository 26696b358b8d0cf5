import type { ParsedConfig } from './schema.js';

/**
 * What is valid but probably not meant: printed by `gong check-config`, logged at start-up. Each
 * names its key, what happens because of it, and the fix.
 */
export function configWarnings(config: Pick<ParsedConfig, 'routes'>): string[] {
  const { routes } = config;
  if (routes.length === 0) return [];
  const label = (i: number) => `routes[${i}]${routes[i]!.name ? ` (${routes[i]!.name})` : ''}`;
  const catchAll = routes.findIndex((route) => route.match.length === 0 && !route.continue);
  if (catchAll === -1) {
    // A route without matchers that says `continue` catches every alert too, but hands it on.
    if (routes.some((route) => route.match.length === 0)) return [];
    return [
      'routes: no route catches every alert (a route without `match`); an alert that matches no route is stored and listed ' +
        'in the console and API, but posted to no chat and escalated by no policy. Add a last route without `match`, such as ' +
        '`- chats: [ops]`, to catch the rest',
    ];
  }
  if (catchAll === routes.length - 1) return [];
  return [
    `routes[${catchAll + 1}]…routes[${routes.length - 1}]: never reached: ${label(catchAll)} has no \`match\` and no \`continue: true\`, ` +
      'so it takes every alert first. Move it to the end, or give it `continue: true`',
  ];
}
