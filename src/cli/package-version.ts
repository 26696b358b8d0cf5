import { readFileSync } from 'node:fs';

/**
 * The version in package.json, read at run time: one number to bump on release. The path is the
 * same from src/cli/ (tsx) and dist/cli/ (the compiled CLI): both sit two levels below the package root.
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
