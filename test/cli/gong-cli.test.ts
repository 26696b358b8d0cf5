import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gongCli } from '../helpers/run-gong.js';

const dir = mkdtempSync(join(tmpdir(), 'gong-cli-'));
const env = { ...process.env, GONG_DATA_DIR: join(dir, 'data'), GONG_CONFIG: '', DATABASE_URL: process.env.TEST_DATABASE_URL ?? '' };

const gong = gongCli(env);

describe('gong CLI', () => {
  it('validates a configuration, naming the bad key', async () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'server: { port: 9090 }\nsources:\n  - { name: am, type: alertmanager, token: "${AM_TOKEN:-long-enough-token}" }\n');
    expect(await gong('--config', good, 'check-config')).toEqual({ code: 0, out: `configuration is valid (${good})\n` });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'sources:\n  - { name: am, type: nagios, token: x }\n');
    const result = await gong('--config', bad, 'check-config');
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/sources\[0\]\.type: /);
  });

  it('migrates, lists, and explains an unknown alert', { timeout: 120_000 }, async () => {
    expect(await gong('migrate')).toEqual({ code: 0, out: 'database is up to date\n' });
    const listed = await gong('alerts', 'list', '--query', 'no-such-alert-title');
    expect(listed).toEqual({ code: 0, out: 'no alerts\n' });
    const acked = await gong('alerts', 'ack', '987654');
    expect(acked.code).toBe(1);
    expect(acked.out).toContain('there is no alert #987654');
  });
});
