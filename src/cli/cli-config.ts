import type { Command } from 'commander';
import type { LoadedConfig, loadConfig } from '../config/load.js';
import { type RuntimeConfig, toRuntimeConfig } from '../config/runtime-config.js';

/**
 * The configuration every command reads, from `--config` (else $GONG_CONFIG, else ./gong.yaml).
 * Read when a command runs, not when it is registered: `--config` is parsed by then.
 */
export interface CliConfig {
  /** The file as written, validated. */
  loaded(): LoadedConfig;
  /** Ready to run on: data directory, database and generated tokens resolved. */
  runtime(): RuntimeConfig;
}

export function cliConfig(program: Command): CliConfig {
  let load: typeof loadConfig;
  // The validation code (zod, yaml) loads just before a command's action: `gong --help` and
  // `--version` never need it. A hook on the program runs before every subcommand's action.
  program.hook('preAction', async () => {
    load = (await import('../config/load.js')).loadConfig;
  });
  const loaded = () => load({ path: program.opts<{ config?: string }>().config });
  return { loaded, runtime: () => toRuntimeConfig(loaded()) };
}
