import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../shared/user-error.js';

/**
 * PGlite is a whole PostgreSQL inside one process: two processes that open one directory each
 * believe they own it, and one's writes overwrite the other's. A lock file in the data
 * directory says which process has it open (and, for a server, where its API answers).
 */
export const LOCK_FILE = 'gong.lock';

/** What the lock file says about the process that holds the directory. */
export interface LockHolder {
  pid: number;
  /** The process's start time (Linux clock ticks since boot): a recycled pid is another process. */
  since?: string;
  /** Where the holder's HTTP server answers, once it listens (absent for a CLI command). */
  url?: string;
}

export class DataDirLockedError extends UserError {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      holder.url
        ? `Gong is running on ${dataDir} (pid ${holder.pid}, ${holder.url}) and the embedded database serves one process at a time; stop it, or use its API or console`
        : `${dataDir} is in use by another gong process (pid ${holder.pid}: a command, or a Gong still starting) and the embedded database serves one process at a time; try again when it is done`,
    );
  }
}

export interface DataDirLock {
  /** Records where this process's API answers, for CLI commands that find the directory taken. */
  announce(url: string): void;
  release(): void;
}

/** Lock files this process holds, by path, with the text it wrote (released at exit too). */
const held = new Map<string, string>();
process.once('exit', () => {
  for (const file of held.keys()) releaseFile(file);
});

/** Takes the data directory for this process, or throws DataDirLockedError naming the live holder. */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, ...withSince(startTicks(process.pid)) };
  // Each round either takes the lock, meets a live holder, or clears a dead one; only a race
  // with other processes clearing the same dead lock needs another round.
  for (let round = 0; round < 5; round++) {
    if (createExclusive(file, mine)) return heldLock(file);
    const found = readLock(file);
    if (found === undefined) continue; // released between the two calls
    const holder = parseHolder(found);
    if (holder && isAlive(file, holder)) throw new DataDirLockedError(dataDir, holder);
    clearStale(file, found);
  }
  throw new Error(`could not take ${file}: other processes keep taking and clearing it`);
}

/**
 * As lockDataDir, but a holder that is not a running server (another CLI command, or a Gong still
 * starting) is waited for, up to `waitMs`: such holders let go within seconds.
 */
export async function lockDataDirWhenFree(dataDir: string, waitMs = 30_000): Promise<DataDirLock> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return lockDataDir(dataDir);
    } catch (error) {
      if (!(error instanceof DataDirLockedError) || error.holder.url || Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The live process holding the data directory, if any (what a CLI command checks before it opens it). */
export function dataDirHolder(dataDir: string): LockHolder | undefined {
  const file = join(dataDir, LOCK_FILE);
  const holder = parseHolder(readLock(file));
  return holder && isAlive(file, holder) ? holder : undefined;
}

function heldLock(file: string): DataDirLock {
  return {
    announce(url) {
      if (!held.has(file)) return;
      const text = lockText({ ...parseHolder(held.get(file))!, url });
      // Replaced whole (rename), so a reader never sees half a file.
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      writeFileSync(temporary, text);
      renameSync(temporary, file);
      held.set(file, text);
    },
    release: () => releaseFile(file),
  };
}

/** Creates the lock file complete or not at all: written aside, then hard-linked, which fails if it exists. */
function createExclusive(file: string, holder: LockHolder): boolean {
  const text = lockText(holder);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, text);
  try {
    linkSync(temporary, file);
    held.set(file, text);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Removes a dead holder's lock. It is first moved aside (atomic, so only one process gets it) and
 * then checked: if another process replaced the dead lock with its own in between, that one is put back.
 */
function clearStale(file: string, staleText: string): void {
  const aside = `${file}.${randomBytes(6).toString('hex')}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readLock(aside) !== staleText) {
    try {
      linkSync(aside, file);
    } catch {
      // Yet another process took the directory meanwhile: its lock stands.
    }
  }
  unlinkSync(aside);
}

function releaseFile(file: string): void {
  const text = held.get(file);
  held.delete(file);
  // Only our own lock: after a stop that hung, another process may hold the directory by now.
  if (text === undefined || readLock(file) !== text) return;
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function isAlive(file: string, holder: LockHolder): boolean {
  // Our own pid is ours only if this process took the lock: in a restarted container the
  // previous Gong had the same pid.
  if (holder.pid === process.pid) return held.has(file);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const since = startTicks(holder.pid);
  return holder.since === undefined || since === undefined || holder.since === since;
}

/** Field 22 of /proc/<pid>/stat; undefined where there is no /proc (the pid alone decides there). */
function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function withSince(since: string | undefined): Pick<LockHolder, 'since'> {
  return since === undefined ? {} : { since };
}

function lockText(holder: LockHolder): string {
  return `${JSON.stringify({ ...holder, nonce: randomBytes(6).toString('hex') })}\n`;
}

function readLock(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A lock file nobody can read as one (hand-edited, truncated by a full disk) holds nothing. */
function parseHolder(text: string | undefined): LockHolder | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(parsed.pid) || parsed.pid! <= 0) return undefined;
    return { pid: parsed.pid!, ...withSince(typeof parsed.since === 'string' ? parsed.since : undefined), ...(typeof parsed.url === 'string' && { url: parsed.url }) };
  } catch {
    return undefined;
  }
}
