import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/gong.js';

/**
 * The banner of `gong start` (compiled dist/), on the embedded database whatever TEST_DATABASE_URL
 * says, with PORT=0: it names the port the system gave, and the file that keeps the generated
 * tokens, never a token or a shell expression.
 */
describe('the start-up banner', () => {
  it('prints the address actually bound and where the tokens are kept', { timeout: 240_000 }, async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gong-banner-')), 'data');
    const env = { ...process.env, PORT: '0', GONG_DATA_DIR: dataDir, GONG_CONFIG: '', DATABASE_URL: '', LOG_LEVEL: 'info' };
    const gong = spawn(process.execPath, ['bin/gong.js', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    gong.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    gong.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    try {
      await waitFor('the banner', async () => (log.includes('Try it:') ? true : undefined), 180_000);
      // The log is JSON lines when not on a terminal: what a person reads is their messages.
      const messages = log.split('\n').flatMap((line) => {
        try {
          return [String((JSON.parse(line) as { msg: unknown }).msg)];
        } catch {
          return [line];
        }
      }).join('\n');
      const listening = /Gong is listening on 0\.0\.0\.0:(\d+) \(http:\/\/127\.0\.0\.1:(\d+) from this machine; embedded database in ([^)]+)\)/.exec(messages);
      expect(listening).not.toBeNull();
      const port = Number(listening![1]);
      expect(port).toBeGreaterThan(0);
      expect(listening![2]).toBe(String(port));
      expect(listening![3]).toBe(dataDir);
      // The links use the bound port too, and Gong answers there.
      expect(messages).toContain(`Console:  http://localhost:${port}/console`);
      expect(messages).toContain(`Try it: curl -X POST http://localhost:${port}/hooks/demo`);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

      const secrets = join(dataDir, 'secrets.json');
      expect(messages).toContain(`Admin token: generated, kept in ${secrets} ("adminToken")`);
      expect(messages).toContain(`Demo source token: generated, kept in ${secrets} ("demoSourceToken")`);
      expect(messages).not.toContain('$(');
      const tokens = JSON.parse(readFileSync(secrets, 'utf8')) as { adminToken: string; demoSourceToken: string };
      expect(messages).not.toContain(tokens.adminToken);
      expect(messages).not.toContain(tokens.demoSourceToken);
    } finally {
      gong.kill('SIGTERM');
      await new Promise((resolve) => (gong.exitCode !== null ? resolve(null) : gong.once('exit', resolve)));
    }
  });
});
