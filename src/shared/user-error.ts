import { maskUrlsIn } from './mask-secrets.js';

/**
 * An error written for the person who caused it: whoever runs the CLI, calls the API, or wrote the
 * config file or a template. Its message says what is wrong and where (the key path, field, file
 * and line) and what to do; it never holds a secret or a stack. Every other error is a fault.
 * `expose` is koa's name for the same promise (http-errors sets it on its 4xx errors), so koa's own
 * errors follow the same rule.
 */
export class UserError extends Error {
  readonly expose = true;
}

/**
 * The one rule for what a user is shown: the message of an error meant for them, a URL's secrets
 * masked in case one slipped in; undefined for a fault, which the caller logs whole (stack
 * included) and answers with a generic line.
 */
export function shownToUser(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { expose, message } = error as { expose?: unknown; message?: unknown };
  return expose === true && typeof message === 'string' ? maskUrlsIn(message) : undefined;
}
