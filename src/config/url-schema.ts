import { z } from 'zod';

/**
 * An http(s) URL. The message names the expected form by example, never the value given: a
 * webhook URL carries its token.
 */
export const httpUrl = (example: string, expected = 'an http(s) URL') =>
  z.url({
    protocol: /^https?$/,
    error: (issue) => `${issue.input === undefined ? 'missing: ' : ''}expected ${expected} such as ${example}`,
  });

/** For checks after httpUrl: zod runs them on a value it already refused, which is not a URL. */
export const parsesAsUrl = (value: string): boolean => URL.canParse(value);
