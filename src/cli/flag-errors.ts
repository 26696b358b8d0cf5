import type { z } from 'zod';
import { UsageError } from './errors.js';

/**
 * How a command's input keys are written on its command line: `chatId` is `--chat-id`, a
 * positional argument is `<name>`. Every command that checks its input with a zod schema
 * (its own, the config's, the chat schema the API uses) reports the problems through
 * `flagProblems` below, so the person reads the flag they typed, never `chatId: Required` or a
 * JSON path.
 */
export type FlagNames = Readonly<Record<string, string>>;

/** The chat fields of `gong chats add | edit`. */
export const CHAT_FLAGS: FlagNames = {
  name: 'the chat name',
  type: '--type',
  chatId: '--chat-id',
  conversationId: '--conversation-id',
  app: '--app',
  webhook: '--webhook',
  secret: '--secret',
  keywords: '--keywords',
  format: '--format',
  publish: '--publish',
  dailyStats: '--daily-stats',
};

/** The filters of `gong alerts list` and `gong incidents list`. */
export const LIST_FLAGS: FlagNames = { state: '--state', q: '--query', limit: '--limit' };

type Issue = z.core.$ZodIssue;

/** Keys whose values are never repeated in a message. */
const SECRET_KEYS = new Set(['secret', 'webhook', 'token', 'adminToken', 'clientSecret', 'appSecret']);

/**
 * One line per problem, each naming its flag, saying what is allowed and, where it helps, what was
 * given. `input` is what was checked (the given values are read from it); `kind` names what the
 * input's type flag chose (`--type lark`), for "… is required for --type lark".
 */
export function flagProblems(issues: readonly Issue[], flags: FlagNames, input: unknown, kind?: string): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${flagOf(key, flags)} does not apply${kind ? ` to ${kind}` : ' here'}`);
    }
    return [flagProblem(issue, flags, input, kind)];
  });
}

function flagProblem(issue: Issue, flags: FlagNames, input: unknown, kind: string | undefined): string {
  const [head, ...rest] = issue.path;
  const flag = head === undefined ? 'the input' : flagOf(head, flags);
  const value = valueAt(input, issue.path);
  // Secrets (a webhook URL holds its token) are never repeated back.
  const secret = SECRET_KEYS.has(String(head));
  // A list flag's item (`--publish a,b`): name the item, not its index.
  const item = rest.length > 0 && typeof rest[0] === 'number' && !secret ? ` "${String(value)}"` : '';
  const given = value === undefined || item || secret ? '' : `; got ${shown(value)}`;
  if (issue.code === 'invalid_type' && value === undefined) return `${flag} is required${kind ? ` for ${kind}` : ''}`;
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    const options = (issue.options as unknown[]).map(String).join(', ');
    return value === undefined ? `${flag} is required: one of ${options}` : `${flag} must be one of ${options}${given}`;
  }
  if (issue.code === 'invalid_value') {
    const allowed = issue.values.map(String).join(', ');
    return item ? `${flag}:${item} is not one of ${allowed}` : `${flag} must be one of ${allowed}${given}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'number') return `${flag} expects a number${given}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const bound = issue.code === 'too_small' ? 'at least' : 'at most';
    const limit = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    const what = issue.origin === 'number' ? '' : issue.origin === 'array' ? ' items' : ' characters';
    return `${flag}${item} must be ${bound} ${limit}${what}${given}`;
  }
  // The schema's own words already say what is expected ("expected an http(s) URL such as …").
  const words = issue.message.replace(/^Invalid input: /, '');
  const named = item || (typeof value === 'string' && !secret ? ` "${value}"` : '');
  return `${flag}${words.includes(named.trim()) ? '' : named}: ${words}`;
}

function flagOf(key: PropertyKey, flags: FlagNames): string {
  return flags[String(key)] ?? `--${String(key).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  return value;
}

/** A given value as the person typed it; a list flag's values joined back with commas. */
function shown(value: unknown): string {
  return `"${Array.isArray(value) ? value.join(',') : String(value)}"`;
}

/**
 * The input parsed by `schema`, or a UsageError listing every problem in flag terms (exit code 2).
 * Secrets never reach the message: a failing flag's value is shown (the person just typed it),
 * but never that of `--secret` or `--webhook`.
 */
export function parseFlags<S extends z.ZodType>(schema: S, input: unknown, flags: FlagNames, kind?: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new UsageError(flagProblems(parsed.error.issues, flags, input, kind).join('\n'));
}

/**
 * A refusal the running Gong wrote as `path: words` (describeIssue), rewritten with the flag:
 * the backstop when the server's check finds what the CLI's did not.
 */
export function flagTermsOf(message: string, flags: FlagNames): string {
  const match = /^([A-Za-z]+)(\[\d+\])?(?:\.[\w.[\]]+)?: (.*)$/s.exec(message);
  if (!match || !(match[1]! in flags)) return message;
  return `${flags[match[1]!]}: ${match[3]!.replace(/^Invalid input: /, '')}`;
}
