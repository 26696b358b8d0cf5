// Preloaded with `node --import ./test/helpers/trace-modules.mjs …`: writes every module the
// process resolves, one URL a line, to $TRACE_MODULES_TO. Plain JavaScript: it must run where no
// TypeScript loader is.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(process.env.TRACE_MODULES_TO)}, resolved.url + '\\n');
  return resolved;
}
`));
