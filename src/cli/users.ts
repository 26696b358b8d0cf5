import type { Command } from 'commander';
import type { LinkTarget } from '../people/link.js';
import type { CliConfig } from './cli-config.js';
import { UserError } from '../shared/user-error.js';
import { UsageError } from './errors.js';
import { withDatabase } from './with-database.js';

/** `gong users link | unlink | list`. */
export function registerUserCommands(program: Command, config: CliConfig): void {
  const users = program.command('users').description('configured users and the chat accounts linked to them, per app');

  users
    .command('link <user> <account>')
    .description('link a chat account (lark:<open_id> or dingtalk:<userId>) of one app to a configured user')
    .option('--app <name>', 'the DingTalk or Lark app that sees the account under this id (needed when the platform has several)')
    .action(async (user: string, account: string, options: { app?: string }) => {
      // Mistakes are reported before the database is opened: that is the slow part.
      const target = await accountTarget(config, user, account, options.app);
      const { linkPerson } = await import('../people/link.js');
      return withDatabase(config, async (db) => {
        const outcome = await linkPerson(db, target.user, target.platform, target.app, target.platformId);
        console.log(`${account} in app ${target.app} is ${user}${outcome === 'created' ? ' (not seen in a chat yet)' : ''}`);
      });
    });

  users
    .command('unlink <user> <account>')
    .description('undo a link of a chat account (lark:<open_id> or dingtalk:<userId>) of one app to a user')
    .option('--app <name>', 'the DingTalk or Lark app that sees the account under this id (needed when the platform has several)')
    .action(async (user: string, account: string, options: { app?: string }) => {
      const target = await accountTarget(config, user, account, options.app);
      const { unlinkPerson } = await import('../people/link.js');
      return withDatabase(config, async (db) => {
        if (!(await unlinkPerson(db, target.user, target.platform, target.app, target.platformId))) throw new UserError(`${account} in app ${target.app} is not linked to ${user}`);
        console.log(`${account} in app ${target.app} is no longer linked to ${user}`);
      });
    });

  users
    .command('list')
    .description("each user's id in every DingTalk and Lark app, and the chat members linked to nobody")
    .action(() =>
      withDatabase(config, async (db, runtime) => {
        const [{ people }, { userMappings }] = await Promise.all([import('../db/schema.js'), import('../people/user-mapping.js')]);
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
}

/** `lark:<open_id>` or `dingtalk:<userId>`, checked against the config as the console checks its form. */
async function accountTarget(config: CliConfig, user: string, account: string, app: string | undefined): Promise<LinkTarget> {
  const match = /^(lark|dingtalk):(.+)$/.exec(account);
  if (!match) throw new UsageError(`expected lark:<open_id> or dingtalk:<userId>, got "${account}"`);
  const { linkTarget, LinkError } = await import('../people/link.js');
  try {
    return linkTarget(config.runtime(), { user, platform: match[1]!, id: match[2]!, ...(app !== undefined && { app }) });
  } catch (error) {
    if (!(error instanceof LinkError)) throw error;
    // The console's words for its form, in the command line's terms.
    if (app !== undefined && /app named/.test(error.message)) throw new UsageError(`--app ${app}: ${error.message}`);
    if (/say which app/.test(error.message)) throw new UsageError(`${error.message} with --app`);
    throw new UsageError(error.message);
  }
}
