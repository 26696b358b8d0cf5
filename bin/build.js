// Compiles src/ into dist/ (tsconfig.build.json). `node bin/build.js` always compiles (npm run
// build, and prepare: npm install and npm ci in a clone); bin/gong.js calls buildWhenStale() so a
// clone never runs stale JavaScript after a pull or an edit.
// A package from the registry ships dist/ and no src/: there is nothing to compile.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = `${root}src`;
const dist = `${root}dist`;
/** Written after a successful compile, dated when the compile began: a source saved during it is newer. */
const stamp = `${dist}/.built`;
/** One compile at a time: processes started together (tests, a second shell) wait for it. */
const lock = `${dist}/.build-lock`;
const inputs = ['tsconfig.json', 'tsconfig.build.json'].map((name) => `${root}${name}`);

export function buildWhenStale() {
  if (!existsSync(src) || !isStale()) return;
  withLock(() => {
    if (isStale()) compile({ announce: process.stderr.isTTY });
  });
}

export function build() {
  withLock(() => compile({ announce: false }));
}

/** Older than a source file, a source folder (a file deleted or renamed changes it) or a tsconfig. */
function isStale() {
  const built = mtime(stamp);
  if (built === undefined) return true;
  if (inputs.some((file) => (mtime(file) ?? 0) > built)) return true;
  if (mtime(src) > built) return true;
  return readdirSync(src, { recursive: true }).some((entry) => mtime(`${src}/${entry}`) > built);
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function compile({ announce }) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    // Without the compiler (installed with --omit=dev), what was built is what runs.
    if (existsSync(stamp)) return;
    fail('dist/ is missing and TypeScript is not installed: run npm install (or npm ci) in this folder first');
  }
  if (announce) console.error('gong: compiling the TypeScript sources into dist/ …');
  const began = new Date();
  // Its messages go to stderr: a command's stdout stays its answer.
  const result = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: ['ignore', 2, 2] });
  if (result.status !== 0) fail(`compiling into dist/ failed (tsc exit ${result.status ?? result.signal}); the messages above say where`);
  writeFileSync(stamp, '');
  utimesSync(stamp, began, began);
}

function withLock(run) {
  mkdirSync(dist, { recursive: true });
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (!holderAlive()) {
        unlinkSync(lock);
        continue;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    run();
  } finally {
    unlinkSync(lock);
  }
}

function holderAlive() {
  let pid;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return true;
  }
  // Created, its pid not written yet: alive.
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function fail(message) {
  console.error(`gong: ${message}`);
  process.exit(1);
}

// `--if-stale`: only when the sources changed since the last compile (npm test).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--if-stale')) buildWhenStale();
  else build();
}
