import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/gong.js';
import { freePort } from '../helpers/alertmanager.js';

/**
 * `gong incidents` through the running Gong's API (it holds the embedded database), then on the
 * database itself once it stopped: the same commands, the same answers. PGlite only, like
 * cli-while-gong-runs.test.ts.
 */
const SOURCE_TOKEN = 'cli-incidents-source-token';
const dir = mkdtempSync(join(tmpdir(), 'gong-cli-incidents-'));
const env = { ...process.env, GONG_CONFIG: join(dir, 'gong.yaml'), GONG_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', GONG_URL: '', LOG_LEVEL: 'warn', USER: 'carol' };
let port: number;
let server: ChildProcess | undefined;

function gong(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/gong.js', ...args], { env, timeout: 90_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

async function healthy(): Promise<true | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
  return response?.ok ? true : undefined;
}

/** One notification of alerts sharing a group: one incident. */
async function incidentOf(group: string, pods: string[]): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/hooks/custom`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SOURCE_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(pods.map((pod) => ({ title: `${group} down`, severity: 'critical', group, labels: { alertname: `${group} down`, pod } }))),
  });
  return ((await response.json()) as { opened: number[] }).opened[0]!;
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

beforeAll(async () => {
  port = await freePort();
  writeFileSync(join(dir, 'gong.yaml'), `server: { port: ${port}, host: 127.0.0.1 }\nsources: [{ name: custom, type: generic, token: ${SOURCE_TOKEN} }]\n`);
  server = spawn(process.execPath, ['bin/gong.js', 'start'], { env, stdio: 'ignore' });
  await waitFor('Gong to start', healthy, 110_000, 250);
}, 120_000);

afterAll(async () => {
  server?.kill('SIGKILL');
  if (server) await exited(server);
  rmSync(dir, { recursive: true, force: true });
});

describe('gong incidents', () => {
  it('lists, shows, merges and splits through the running Gong, then on the database once it stopped', { timeout: 400_000 }, async () => {
    const api = await incidentOf('api', ['a', 'b']);
    const db = await incidentOf('db', ['c']);
    expect(await gong('incidents', 'list', '--state', 'open')).toEqual({ code: 0, out: `#${db}\ttriggered\tcritical\t1/1 firing\tdb down\n#${api}\ttriggered\tcritical\t2/2 firing\tapi down\n` });

    expect(await gong('incidents', 'merge', `#${db}`, String(api))).toEqual({ code: 0, out: `#${db} merged into #${api}, which holds 3 alerts\n` });
    const refused = await gong('incidents', 'merge', String(db), String(api));
    expect(refused).toEqual({ code: 1, out: `gong: merged into #${api}; act on #${api}\n` });

    const shown = await gong('incidents', 'show', String(api));
    expect(shown.code).toBe(0);
    const incident = JSON.parse(shown.out) as { alertCount: number; alerts: { id: number; labels: Record<string, string> }[]; timeline: { type: string; actor: string; platform: string }[] };
    expect(incident).toMatchObject({ alertCount: 3, alerts: [{ labels: { pod: 'a' } }, { labels: { pod: 'b' } }, { labels: { pod: 'c' } }] });
    expect(incident.timeline.at(-1)).toMatchObject({ type: 'merged', actor: 'carol', platform: 'api' });

    const podB = incident.alerts[1]!.id;
    const split = await gong('incidents', 'split', String(api), String(podB), '--as', 'dave');
    expect(split).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^alert ${podB} moved from #${api} to the new incident #\\d+\\n$`)) });
    expect((await gong('incidents', 'split', 'x1', '1')).out).toBe('gong: expected an incident number, got "x1"\n');

    server!.kill('SIGTERM');
    await exited(server!);
    server = undefined;
    // Stopped: the CLI opens the database itself, and records itself as the platform.
    const podA = incident.alerts[0]!.id;
    const local = await gong('incidents', 'split', String(api), String(podA));
    expect(local.out).toMatch(new RegExp(`^alert ${podA} moved from #${api} to the new incident #\\d+\\n$`));
    const after = JSON.parse((await gong('incidents', 'show', String(api))).out) as typeof incident;
    expect(after).toMatchObject({ alertCount: 1, alerts: [{ labels: { pod: 'c' } }] });
    expect(after.timeline.at(-1)).toMatchObject({ type: 'split', actor: 'carol', platform: 'cli' });
    expect(await gong('incidents', 'show', '99999')).toEqual({ code: 1, out: 'gong: there is no incident #99999\n' });
  });
});
