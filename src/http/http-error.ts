/** An error whose message is safe to show the caller; everything else answers "internal error". */
export class HttpError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Like koa's `ctx.throw`, but typed `never` so TypeScript narrows after it. */
export function fail(status: number, message: string): never {
  throw new HttpError(status, message);
}
