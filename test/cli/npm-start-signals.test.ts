import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/alertmanager.js';
import { waitFor } from '../helpers/gong.js';

/**
 * `npm start` stops Gong when only the npm process gets the signal (a supervisor's SIGTERM, a
 * SIGINT sent to npm): npm forwards it to its child, which must be Gong itself, not a shell that
 * dies and leaves Gong running with the port taken. On the embedded database whatever
 * TEST_DATABASE_URL says: a whole Gong on the shared test database would take other tests' jobs.
 */

/** Every process below `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** Gone, or a zombie waiting for its parent: either way it holds nothing. */
function running(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0];
  return state !== 'Z' && state !== 'X';
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

describe('npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops Gong within 2 s when ${signal} reaches the npm process alone`, { timeout: 240_000 }, async () => {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), 'gong-npm-start-'));
      const env = { ...process.env, PORT: String(port), GONG_DATA_DIR: join(dir, 'data'), GONG_CONFIG: '', DATABASE_URL: '', LOG_LEVEL: 'warn' };
      // Its own process group, as a terminal would start it: the signal goes to npm's pid only.
      const npm = spawn('npm', ['start'], { env, stdio: 'ignore', detached: true });
      let below: number[] = [];
      try {
        await waitFor('Gong ready', async () => ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok ? true : undefined), 180_000);
        below = descendants(npm.pid!);
        expect(below.length).toBeGreaterThan(0);

        const sent = Date.now();
        process.kill(npm.pid!, signal);
        await waitFor(`every process of npm start to stop (${below.join(', ')})`, async () => (below.some(running) ? undefined : true), 10_000, 20);
        expect(Date.now() - sent).toBeLessThan(2_000);
        expect(await portFree(port)).toBe(true);
      } finally {
        // A failed run must not leave Gong behind.
        for (const pid of [npm.pid!, ...below].filter(running)) process.kill(pid, 'SIGKILL');
      }
    });
  }
});
