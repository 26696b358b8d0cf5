import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The `gong` binary runs the compiled JavaScript in dist/ and loads, per command, only what that
 * command needs: a read is quick because it never loads the server (koa, pg-boss, the platform SDKs).
 */
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gong-compiled-cli-'));
const env = { ...process.env, GONG_DATA_DIR: join(dir, 'data'), GONG_CONFIG: '', DATABASE_URL: process.env.TEST_DATABASE_URL ?? '' };
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/** Runs `gong` with every module it loads written down; resolves with its stdout and those modules. */
async function traced(...args: string[]): Promise<{ stdout: string; modules: string[] }> {
  const trace = join(dir, `modules-${args.join('-')}.txt`);
  const { stdout } = await run(process.execPath, ['--import', './test/helpers/trace-modules.mjs', 'bin/gong.js', ...args], {
    env: { ...env, TRACE_MODULES_TO: trace },
    timeout: 120_000,
  });
  return { stdout, modules: readFileSync(trace, 'utf8').trim().split('\n') };
}

/** Modules only `gong start` needs, and the TypeScript loader no production process may use. */
const SERVER_ONLY = ['/node_modules/pg-boss/', '/node_modules/koa/', '/node_modules/@larksuiteoapi/', '/node_modules/dingtalk-stream/', '/node_modules/prom-client/'];
const loaded = (modules: string[], part: string) => modules.filter((url) => url.includes(part));
/** This repository's TypeScript sources. */
const SOURCES = `${pathToFileURL(join(process.cwd(), 'src')).href}/`;

describe('the compiled gong binary', () => {
  it('prints the version in package.json for --version and -V', async () => {
    expect((await run(process.execPath, ['bin/gong.js', '--version'], { env })).stdout).toBe(`${version}\n`);
    expect((await run(process.execPath, ['bin/gong.js', '-V'], { env })).stdout).toBe(`${version}\n`);
  });

  it('runs dist/, not the TypeScript sources, and --version loads no command', async () => {
    const { stdout, modules } = await traced('--version');
    expect(stdout).toBe(`${version}\n`);
    expect(modules.some((url) => url.endsWith('/dist/cli.js'))).toBe(true);
    expect(loaded(modules, SOURCES)).toEqual([]);
    expect(loaded(modules, '/node_modules/tsx/')).toEqual([]);
    // Not even the configuration's validation or the database schema.
    expect(loaded(modules, '/node_modules/zod/')).toEqual([]);
    expect(loaded(modules, '/node_modules/drizzle-orm/')).toEqual([]);
  });

  it('lists alerts without loading the server, and PGlite only for the embedded database', { timeout: 180_000 }, async () => {
    const { stdout, modules } = await traced('alerts', 'list', '--query', 'no-such-alert-title');
    expect(stdout).toBe('no alerts\n');
    for (const part of [...SERVER_ONLY, '/node_modules/tsx/', SOURCES]) expect(loaded(modules, part)).toEqual([]);
    expect(loaded(modules, '/node_modules/@electric-sql/pglite/').length > 0).toBe(!env.DATABASE_URL);
  });
});
