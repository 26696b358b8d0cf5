import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, dataDirHolder, LOCK_FILE, lockDataDir } from '../../../src/db/data-dir-lock.js';

let dir: string;
const lockFile = () => join(dir, LOCK_FILE);
const writeLock = (holder: Record<string, unknown>) => writeFileSync(lockFile(), JSON.stringify(holder));
/** Field 22 of /proc/<pid>/stat: what the lock records to tell a recycled pid from its first owner. */
const since = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gong-lock-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the data directory lock', () => {
  it('is held by one opener at a time, names its holder, and is gone once released', () => {
    const lock = lockDataDir(dir);
    lock.announce('http://127.0.0.1:8080');
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(`Gong is running on ${dir} (pid ${process.pid}, http://127.0.0.1:8080)`);
    expect(dataDirHolder(dir)).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:8080' });
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
    expect(dataDirHolder(dir)).toBeUndefined();
    lockDataDir(dir).release();
  });

  it('refuses while another live process holds it', () => {
    writeLock({ pid: process.ppid, since: since(process.ppid) });
    expect(() => lockDataDir(dir)).toThrow(`${dir} is in use by another gong process (pid ${process.ppid}`);
  });

  it('takes over the lock of a process that is gone', () => {
    const { pid } = spawnSync(process.execPath, ['-e', '0']);
    writeLock({ pid, url: 'http://127.0.0.1:8080' });
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another process, or to this one in a new life', () => {
    writeLock({ pid: process.ppid, since: `${since(process.ppid)}0` });
    lockDataDir(dir).release();
    // A restarted container: the previous Gong had this process's pid.
    writeLock({ pid: process.pid, since: '1' });
    lockDataDir(dir).release();
  });

  it('takes over a lock file nobody can read', () => {
    writeFileSync(lockFile(), '');
    lockDataDir(dir).release();
    expect(existsSync(lockFile())).toBe(false);
  });
});
