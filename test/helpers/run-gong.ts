import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The real `gong` binary with this environment: each call resolves with its output and exit code instead of throwing. */
export function gongCli(env: NodeJS.ProcessEnv): (...args: string[]) => Promise<{ code: number; out: string }> {
  return async (...args) => {
    try {
      const { stdout, stderr } = await run('node', ['bin/gong.js', ...args], { env, timeout: 60_000 });
      return { code: 0, out: stdout + stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, out: failed.stdout + failed.stderr };
    }
  };
}
