import { UserError } from '../shared/user-error.js';

/** An error the caller is shown with its status (see shownToUser); everything else answers "internal error". */
export class HttpError extends UserError {
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
