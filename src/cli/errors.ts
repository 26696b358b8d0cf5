import { ConfigError } from '../config/load.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { LinkError } from '../people/link.js';
import { TemplateError } from '../templates/template-error.js';
import { AlertDeskError } from './alert-desk.js';
import { GongApiError } from './gong-api-client.js';

/** A mistake in what the user asked for: printed as one line, exit code 1. */
export class UsageError extends Error {}

/**
 * The CLI's one error sink. An error the user can act on is one line, `gong: <message>`; anything
 * else is a defect and printed whole, stack included. Either way the exit code is 1.
 */
export function exitWithError(error: unknown): never {
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof LinkError || error instanceof GongApiError || error instanceof DataDirLockedError || error instanceof AlertDeskError || error instanceof TemplateError) {
    console.error(`gong: ${error.message}`);
  } else {
    console.error('gong:', error);
  }
  process.exit(1);
}
