import type { Command } from 'commander';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import type { JobQueue } from '../db/job-queue.js';
import type { AlertDesk } from './alert-desk.js';
import type { CliConfig } from './cli-config.js';
import { UsageError } from './errors.js';
import { type GongApiCall, gongApi } from './gong-api-client.js';
import type { AlertService } from '../alerts/service.js';
import type { Db } from '../db/client.js';
import { withDatabase } from './with-database.js';

/** `gong alerts list | show | ack | resolve`. */
export function registerAlertCommands(program: Command, config: CliConfig): void {
  const alerts = program.command('alerts').description('list, show and act on alerts (on the running Gong when it holds the embedded database)');
  const withAlerts = (run: (desk: AlertDesk) => Promise<void>) =>
    onGong(config, async () => {
      const { localAlertDesk, remoteAlertDesk } = await import('./alert-desk.js');
      return { local: localAlertDesk, remote: remoteAlertDesk };
    }, run);

  alerts
    .command('list')
    .option('-s, --state <state>', 'triggered | acknowledged | resolved | open')
    .option('-q, --query <text>', 'search titles')
    .option('-n, --limit <n>', 'how many', '20')
    .action(async (options: { state?: string; query?: string; limit: string }) => {
      // Checked before the database opens, the slow part.
      const filter = (await import('./list-flags.js')).listFilter(options);
      return withAlerts(async (desk) => {
        const listed = await desk.list(filter);
        for (const alert of listed) {
          console.log(`#${alert.id}\t${alert.state}\t${alert.severity}\t${alert.title}${alert.assignee ? `\t@${alert.assignee}` : ''}`);
        }
        if (listed.length === 0) console.log('no alerts');
      });
    });

  alerts
    .command('show <id>')
    .action((id: string) => {
      // Checked before the database opens, the slow part; so are the other commands' numbers.
      const number = alertNumber(id);
      return withAlerts(async (desk) => {
        console.log(JSON.stringify(await desk.show(number), null, 2));
      });
    });

  for (const [name, description] of [['ack', 'acknowledge an alert'], ['resolve', 'resolve an alert']] as const) {
    alerts
      .command(`${name} <id>`)
      .description(description)
      .option('--as <name>', 'who is acting', process.env.USER ?? 'cli')
      .option('--note <text>', 'a note kept on the timeline (resolve)')
      .action((id: string, options: { as: string; note?: string }) => {
        const number = alertNumber(id);
        return withAlerts(async (desk) => {
          const alert = await desk.act(number, name, { ...(options.note !== undefined && { note: options.note }) }, options.as);
          console.log(`#${alert.id} is ${alert.state}`);
        });
      });
  }
}

export function alertNumber(id: string, what = 'an alert'): number {
  const number = Number(id.replace(/^#/, ''));
  if (!Number.isSafeInteger(number) || number < 1) throw new UsageError(`expected ${what} number, got "${id}"`);
  return number;
}

/**
 * Runs a command on the configured database, or through the API of the Gong server that holds
 * the embedded database: a write must reach the process that owns the data. `desks` makes the
 * command's desk either way; the output is the same.
 */
export async function onGong<Desk>(
  config: CliConfig,
  loadDesks: () => Promise<{ local: (db: Db, acting: () => Promise<AlertService>) => Desk; remote: (api: GongApiCall) => Desk }>,
  run: (desk: Desk) => Promise<void>,
): Promise<void> {
  // Loaded with the command that needs them, so `gong --version` and friends stay quick.
  const desks = await loadDesks();
  try {
    await withDatabase(config, async (db, runtime, database) => {
      // Only an action starts the job queue (the card updates and notices it causes run in the
      // server) and loads the alert service: a read stays a query.
      let jobs: JobQueue | undefined;
      const acting = async () => {
        const [{ startJobQueue }, { createLogger }, { configuredAlertService }] = await Promise.all([
          import('../db/job-queue.js'),
          import('../observability/logger.js'),
          import('../alerts/configured-service.js'),
        ]);
        jobs = await startJobQueue(database, createLogger('warn'));
        return configuredAlertService(runtime, db, jobs);
      };
      try {
        await run(desks.local(db, acting));
      } finally {
        await jobs?.stop();
      }
    });
  } catch (error) {
    if (!(error instanceof DataDirLockedError) || !error.holder.url) throw error;
    const api = gongApi(error.holder.url, config.runtime().server.adminToken, `it holds ${error.dataDir} (pid ${error.holder.pid}) but does not answer; try again`);
    await run(desks.remote(api));
  }
}
