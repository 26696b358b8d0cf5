import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which try of its job a send is, so the one writer of a chat's delivery status can tell a
 * failure that will be retried from the last one, which marks the chat failing. A job sets it
 * around its platform call; a send outside a job (a test message) is a first try.
 */
const attempt = new AsyncLocalStorage<number>();

export function asAttempt<T>(tries: number, send: () => Promise<T>): Promise<T> {
  return attempt.run(tries, send);
}

export function currentAttempt(): number {
  return attempt.getStore() ?? 0;
}
