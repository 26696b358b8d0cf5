import type { Command } from 'commander';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import type { JobQueue } from '../db/job-queue.js';
import type { AlertDesk } from './alert-desk.js';
import type { CliConfig } from './cli-config.js';
import { UsageError } from './errors.js';
import { gongApi } from './gong-api-client.js';
import { withDatabase } from './with-database.js';

/** `gong alerts list | show | ack | resolve`. */
export function registerAlertCommands(program: Command, config: CliConfig): void {
  const alerts = program.command('alerts').description('list, show and act on alerts (on the running Gong when it holds the embedded database)');
  const withAlerts = (run: (desk: AlertDesk) => Promise<void>) => withAlertDesk(config, run);

  alerts
    .command('list')
    .option('-s, --state <state>', 'triggered | acknowledged | resolved | open')
    .option('-q, --query <text>', 'search titles')
    .option('-n, --limit <n>', 'how many', '20')
    .action((options: { state?: 'open'; query?: string; limit: string }) =>
      withAlerts(async (desk) => {
        const listed = await desk.list({ state: options.state, q: options.query, limit: Number(options.limit) });
        for (const alert of listed) {
          console.log(`#${alert.id}\t${alert.state}\t${alert.severity}\t${alert.title}${alert.assignee ? `\t@${alert.assignee}` : ''}`);
        }
        if (listed.length === 0) console.log('no alerts');
      }),
    );

  alerts
    .command('show <id>')
    .action((id: string) =>
      withAlerts(async (desk) => {
        console.log(JSON.stringify(await desk.show(alertNumber(id)), null, 2));
      }),
    );

  for (const [name, description] of [['ack', 'acknowledge an alert'], ['resolve', 'resolve an alert']] as const) {
    alerts
      .command(`${name} <id>`)
      .description(description)
      .option('--as <name>', 'who is acting', process.env.USER ?? 'cli')
      .option('--note <text>', 'a note kept on the timeline (resolve)')
      .action((id: string, options: { as: string; note?: string }) =>
        withAlerts(async (desk) => {
          const alert = await desk.act(alertNumber(id), name, { ...(options.note !== undefined && { note: options.note }) }, options.as);
          console.log(`#${alert.id} is ${alert.state}`);
        }),
      );
  }
}

function alertNumber(id: string): number {
  const number = Number(id.replace(/^#/, ''));
  if (!Number.isSafeInteger(number) || number < 1) throw new UsageError(`expected an alert number, got "${id}"`);
  return number;
}

/**
 * Runs an alerts command on the configured database, or through the API of the Gong server that
 * holds the embedded database: a write must reach the process that owns the data.
 */
async function withAlertDesk(config: CliConfig, run: (desk: AlertDesk) => Promise<void>): Promise<void> {
  const { localAlertDesk, remoteAlertDesk } = await import('./alert-desk.js');
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
        await run(localAlertDesk(db, acting));
      } finally {
        await jobs?.stop();
      }
    });
  } catch (error) {
    if (!(error instanceof DataDirLockedError) || !error.holder.url) throw error;
    const api = gongApi(error.holder.url, config.runtime().server.adminToken, `it holds ${error.dataDir} (pid ${error.holder.pid}) but does not answer; try again`);
    await run(remoteAlertDesk(api));
  }
}
