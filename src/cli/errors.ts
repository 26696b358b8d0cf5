import { shownToUser, UserError } from '../shared/user-error.js';

/** A mistake in what the user asked for: printed as one line, exit code 1. */
export class UsageError extends UserError {}

/**
 * The CLI's one error sink. An error the user can act on (a UserError) is one line,
 * `gong: <message>`; anything else is a defect or a broken environment, printed whole, stack
 * included (the CLI's log is its stderr). Either way the exit code is 1.
 */
export function exitWithError(error: unknown): never {
  const shown = shownToUser(error);
  if (shown !== undefined) console.error(`gong: ${shown}`);
  else console.error('gong:', error);
  process.exit(1);
}
