import { shownToUser, UserError } from '../shared/user-error.js';

/**
 * A mistake in how the command was written (a flag's value, a missing flag, an argument): printed
 * as one line per problem, naming the flag, exit code 2, as commander's own usage errors.
 */
export class UsageError extends UserError {}

/** The exit code of a command line Gong could not take as written. */
export const USAGE_EXIT_CODE = 2;

/**
 * The CLI's one error sink. An error the user can act on (a UserError) is `gong: <message>`, a
 * line per problem and no stack: exit code 2 for a usage error, 1 for a refusal (no such alert, a
 * Gong that does not answer, an invalid config file). Anything else is a defect or a broken
 * environment, printed whole, stack included (the CLI's log is its stderr), exit code 1.
 */
export function exitWithError(error: unknown): never {
  const shown = shownToUser(error);
  // Usage problems are a line each; any other message keeps its own layout (a header, then indented key paths).
  if (shown !== undefined) console.error(error instanceof UsageError ? shown.split('\n').map((line) => `gong: ${line}`).join('\n') : `gong: ${shown}`);
  else console.error('gong:', error);
  process.exit(error instanceof UsageError ? USAGE_EXIT_CODE : 1);
}
