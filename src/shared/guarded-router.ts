import Router, { type RouterMiddleware } from '@koa/router';

/**
 * Who may call a route. Every route names one when it is declared: there is no default, and a
 * check kept apart from the route (say, on a path prefix) cannot drift from what the router matches.
 */
export type GuardName = 'public' | 'adminToken' | 'sourceToken' | 'consoleSession' | 'actionLinkSignature' | 'platformSignature';

export interface RouteGuard {
  readonly name: GuardName;
  /** Runs before the route's handler; answers the request itself (401, 403, a sign-in redirect…) to refuse it. */
  readonly check: RouterMiddleware;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface DeclaredRoute {
  method: Method;
  path: string;
  guard: GuardName;
}

/** The guards' own middleware: what the start-up check recognises as a route's first step. */
const GUARD_CHECKS = new WeakMap<object, GuardName>();

export function routeGuard(name: GuardName, check: RouterMiddleware): RouteGuard {
  const marked: RouterMiddleware = (ctx, next) => check(ctx, next);
  GUARD_CHECKS.set(marked, name);
  return { name, check: marked };
}

/** Anyone: health checks, the sign-in form. */
export const publicRoute = (): RouteGuard => routeGuard('public', (_ctx, next) => next());

/**
 * A router whose every route is declared with its guard. Paths match case-sensitively (a URL's path
 * is case-sensitive), though the guard does not rely on it: it belongs to the route, whatever path
 * reached it.
 */
export class GuardedRouter {
  readonly router = new Router({ sensitive: true });

  /** `prefix` + a route's path; the route `/` is the prefix itself. */
  constructor(private readonly prefix = '') {}

  get(path: string, guard: RouteGuard, handler: RouterMiddleware): this {
    return this.add('GET', path, guard, handler);
  }

  post(path: string, guard: RouteGuard, handler: RouterMiddleware): this {
    return this.add('POST', path, guard, handler);
  }

  put(path: string, guard: RouteGuard, handler: RouterMiddleware): this {
    return this.add('PUT', path, guard, handler);
  }

  delete(path: string, guard: RouteGuard, handler: RouterMiddleware): this {
    return this.add('DELETE', path, guard, handler);
  }

  private add(method: Method, path: string, guard: RouteGuard, handler: RouterMiddleware): this {
    const full = this.prefix && path === '/' ? this.prefix : `${this.prefix}${path}`;
    this.router.register(full, [method], [guard.check, handler]);
    return this;
  }
}

/**
 * Every route of these routers with its guard. Throws, naming the route, when one was added
 * without a guard (through the underlying router, or as router-wide middleware): Gong does not
 * start with an open door.
 */
export function declaredRoutes(routers: readonly GuardedRouter[]): DeclaredRoute[] {
  return routers.flatMap(({ router }) =>
    router.stack.flatMap((layer) => {
      const guard = layer.stack[0] && GUARD_CHECKS.get(layer.stack[0]);
      const methods = layer.methods.filter((method) => method !== 'HEAD') as Method[];
      if (!guard || methods.length === 0) {
        throw new Error(`${methods.join(', ') || 'middleware on'} ${String(layer.path)} has no guard: declare every route with GuardedRouter and a guard (public, adminToken, sourceToken, consoleSession, …)`);
      }
      return methods.map((method) => ({ method, path: String(layer.path), guard }));
    }),
  );
}
