import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { configuredAlertService } from './alerts/configured-service.js';
import { createRouting } from './alerts/routing.js';
import type { Db } from './db/client.js';
import { people } from './db/schema.js';
import { LinkError, type LinkTarget, linkPerson, linkTarget, unlinkPerson } from './people/link.js';
import { userMappings } from './people/user-mapping.js';
import { ConfigError, loadConfig } from './config/load.js';
import { configWarnings } from './config/warnings.js';
import { checkChatTemplates } from './platforms/check-templates.js';
import { type RuntimeConfig, toRuntimeConfig } from './config/runtime-config.js';
import { type Database, openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { startJobQueue } from './db/job-queue.js';
import { startGongOrSandbox } from './main.js';
import { registerChatCommands } from './chats/chats-cli.js';
import { chatLook } from './chats/chat-registry.js';
import { type AlertDesk, AlertDeskError, localAlertDesk, remoteAlertDesk } from './alerts/alert-desk.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { gongApi, GongApiError } from './gong-api-client.js';
import { previewForChat } from './platforms/preview-template.js';
import { createLogger } from './observability/logger.js';
import { logStartupBanner } from './startup-banner.js';
import { TemplateError } from './templates/template-error.js';

/** A mistake in what the user asked for: printed as one line, exit code 1. */
class UsageError extends Error {}

const program = new Command('gong').description('Chat-ops for alerts in DingTalk and Lark').option('-c, --config <file>', 'YAML config file (default: $GONG_CONFIG or ./gong.yaml)');

const config = (): RuntimeConfig => toRuntimeConfig(loadConfig({ path: program.opts().config }));

program
  .command('start')
  .description('run Gong: HTTP server, job workers and chat connections')
  .action(async () => {
    const logger = createLogger();
    const runtime = config();
    const gong = await startGongOrSandbox(runtime, { logger });
    logStartupBanner(logger, gong.context.config, gong.url);
    const shutdown = async (signal: string) => {
      logger.info(`${signal} received, stopping`);
      await gong.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const runtime = config();
    const database = await openDatabase({ url: runtime.database.url, dataDir: runtime.dataDir });
    await migrate(database);
    await database.close();
    console.log('database is up to date');
  });

program
  .command('check-config')
  .description('validate the configuration without starting')
  .action(() => {
    const loaded = loadConfig({ path: program.opts().config });
    // What start-up refuses, check-config refuses too.
    checkChatTemplates(loaded);
    for (const warning of configWarnings(loaded)) console.error(`gong: warning: ${warning}`);
    console.log(`configuration is valid (${loaded.file ?? 'built-in defaults'})`);
  });

const alerts = program.command('alerts').description('list, show and act on alerts (on the running Gong when it holds the embedded database)');

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

function alertNumber(id: string): number {
  const number = Number(id.replace(/^#/, ''));
  if (!Number.isSafeInteger(number) || number < 1) throw new UsageError(`expected an alert number, got "${id}"`);
  return number;
}

registerChatCommands(program, config);

program
  .command('templates')
  .description('card templates')
  .command('preview')
  .description('print what a chat would receive for an alert, rendered with its template set')
  .requiredOption('--chat <name>', 'a chat from the configuration')
  .option('--alert <file>', 'alert fields as JSON (title, severity, state, labels, annotations, …); the rest from a sample')
  .action((options: { chat: string; alert?: string }) => {
    const loaded = loadConfig({ path: program.opts().config });
    const alert = options.alert ? readAlertFile(options.alert) : {};
    const chat = loaded.chats.find((candidate) => candidate.name === options.chat);
    const preview = previewForChat(chat && { chat, look: chatLook(loaded, chat) }, options.chat, alert);
    if (!preview.ok) throw new UsageError(preview.error);
    console.log(JSON.stringify(preview.messages, null, 2));
  });

function readAlertFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`);
  }
}

const routes = program.command('routes').description('notification policies');

routes
  .command('test <labels...>')
  .description('show which routes, chats and escalation an alert with these labels gets (severity=… source=… count too)')
  .action((pairs: string[]) => {
    const runtime = config();
    const labels: Record<string, string> = {};
    for (const pair of pairs) {
      const at = pair.indexOf('=');
      if (at < 1) throw new UsageError(`expected label=value, got "${pair}"`);
      labels[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const { severity = 'warning', source = runtime.sources[0]!.name, ...rest } = labels;
    const decision = createRouting(runtime)({ labels: rest, severity, source });
    console.log(`routes:     ${decision.routes.join(', ') || (runtime.routes.length ? '(none matched)' : '(no routes configured: every chat)')}`);
    console.log(`chats:      ${decision.chats.join(', ') || '(none: the alert is stored but posted nowhere)'}`);
    console.log(`escalation: ${decision.escalation ?? '(none)'}`);
    if (decision.groupBy.length > 0) console.log(`group by:   ${decision.groupBy.join(', ')}`);
  });

const users = program.command('users').description('configured users and the chat accounts linked to them, per app');

users
  .command('link <user> <account>')
  .description('link a chat account (lark:<open_id> or dingtalk:<userId>) of one app to a configured user')
  .option('--app <name>', 'the DingTalk or Lark app that sees the account under this id (needed when the platform has several)')
  .action((user: string, account: string, options: { app?: string }) => {
    // Mistakes are reported before the database is opened: that is the slow part.
    const target = accountTarget(user, account, options.app);
    return withDatabase(async (db) => {
      const outcome = await linkPerson(db, target.user, target.platform, target.app, target.platformId);
      console.log(`${account} in app ${target.app} is ${user}${outcome === 'created' ? ' (not seen in a chat yet)' : ''}`);
    });
  });

users
  .command('unlink <user> <account>')
  .description('undo a link of a chat account (lark:<open_id> or dingtalk:<userId>) of one app to a user')
  .option('--app <name>', 'the DingTalk or Lark app that sees the account under this id (needed when the platform has several)')
  .action((user: string, account: string, options: { app?: string }) => {
    const target = accountTarget(user, account, options.app);
    return withDatabase(async (db) => {
      if (!(await unlinkPerson(db, target.user, target.platform, target.app, target.platformId))) throw new UsageError(`${account} in app ${target.app} is not linked to ${user}`);
      console.log(`${account} in app ${target.app} is no longer linked to ${user}`);
    });
  });

/** `lark:<open_id>` or `dingtalk:<userId>`, checked against the config as the console checks its form. */
function accountTarget(user: string, account: string, app: string | undefined): LinkTarget {
  const match = /^(lark|dingtalk):(.+)$/.exec(account);
  if (!match) throw new UsageError(`expected lark:<open_id> or dingtalk:<userId>, got "${account}"`);
  return linkTarget(config(), { user, platform: match[1]!, id: match[2]!, ...(app !== undefined && { app }) });
}

users
  .command('list')
  .description("each user's id in every DingTalk and Lark app, and the chat members linked to nobody")
  .action(() =>
    withDatabase(async (db, runtime) => {
      const rows = await db.select().from(people).orderBy(people.platform, people.app, people.name);
      const { users: mapped, unlinked } = userMappings(runtime, rows);
      for (const { user, accounts } of mapped) {
        console.log(user);
        for (const a of accounts) {
          const how = a.id ? `${a.by}${a.seenAs ? `, seen as ${a.seenAs}` : ''}` : 'not known in this app yet: mentioned by name';
          console.log(`  ${a.platform}/${a.app}\t${a.id ?? '—'}\t${how}`);
        }
        if (accounts.length === 0) console.log('  (no DingTalk or Lark app is configured)');
      }
      if (unlinked.length > 0) console.log('not linked (gong users link <user> <platform>:<id> --app <app>)');
      for (const row of unlinked) console.log(`  ${row.platform}/${row.app}\t${row.platformId}\t${row.name}`);
      if (mapped.length === 0 && rows.length === 0) console.log('no users configured and nobody seen yet');
    }),
  );

/**
 * Opens the configured database for one CLI command (migrated first). The embedded database
 * opens in one process at a time: while a Gong server holds it, this refuses, naming the server.
 */
async function withDatabase(run: (db: Db, runtime: RuntimeConfig, database: Database) => Promise<void>): Promise<void> {
  const runtime = config();
  const database = await openDatabase({ url: runtime.database.url, dataDir: runtime.dataDir });
  try {
    await migrate(database);
    await run(database.db, runtime, database);
  } finally {
    await database.close();
  }
}

/**
 * Runs an alerts command on the configured database, or through the API of the Gong server that
 * holds the embedded database: a write must reach the process that owns the data.
 */
async function withAlerts(run: (desk: AlertDesk) => Promise<void>): Promise<void> {
  try {
    await withDatabase(async (db, runtime, database) => {
      // Jobs the command causes (card updates, notices) run in the server.
      const jobs = await startJobQueue(database, createLogger('warn'));
      try {
        await run(localAlertDesk(configuredAlertService(runtime, db, jobs)));
      } finally {
        await jobs.stop();
      }
    });
  } catch (error) {
    if (!(error instanceof DataDirLockedError) || !error.holder.url) throw error;
    const api = gongApi(error.holder.url, config().server.adminToken, `it holds ${error.dataDir} (pid ${error.holder.pid}) but does not answer; try again`);
    await run(remoteAlertDesk(api));
  }
}

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof LinkError || error instanceof GongApiError || error instanceof DataDirLockedError || error instanceof AlertDeskError || error instanceof TemplateError) {
    console.error(`gong: ${error.message}`);
  } else {
    console.error('gong:', error);
  }
  process.exit(1);
});
