import { z } from 'zod';
import { LIST_FLAGS, parseFlags } from './flag-errors.js';

/** What `gong alerts list` and `gong incidents list` accept, as the API's list query does. */
const listFlags = z.object({
  state: z.enum(['triggered', 'acknowledged', 'resolved', 'open']).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number<string>().int().min(1).max(500),
});

export type ListFlags = z.output<typeof listFlags>;

/** The list filters, or a usage error naming the flag (`--limit must be at most 500; got "900"`). */
export function listFilter(options: { state?: string; query?: string; limit: string }): ListFlags {
  return parseFlags(listFlags, { state: options.state, q: options.query, limit: options.limit }, LIST_FLAGS);
}
