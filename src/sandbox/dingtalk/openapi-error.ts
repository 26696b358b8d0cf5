import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';

/** An OpenAPI (api.dingtalk.com) failure, rendered as the platform does: `{code, message, requestid}`. */
export class OpenApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function renderOpenApiErrors(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (err) {
    if (!(err instanceof OpenApiError)) throw err;
    ctx.status = err.status;
    ctx.body = { code: err.code, message: err.message, requestid: randomUUID().toUpperCase() };
  }
}
