import { Command } from 'commander';
import { registerAlertCommands } from './cli/alerts.js';
import { registerChatCommands } from './cli/chats.js';
import { registerIncidentCommands } from './cli/incidents.js';
import { registerCheckConfigCommand } from './cli/check-config.js';
import { cliConfig } from './cli/cli-config.js';
import { exitWithError, USAGE_EXIT_CODE } from './cli/errors.js';
import { registerMigrateCommand } from './cli/migrate.js';
import { packageVersion } from './cli/package-version.js';
import { registerRouteCommands } from './cli/routes.js';
import { registerStartCommand } from './cli/start.js';
import { registerTemplateCommands } from './cli/templates.js';
import { registerUserCommands } from './cli/users.js';

/** The `gong` command: each group of subcommands lives in its own file under cli/. */
const program = new Command('gong')
  .description('Chat-ops for alerts in DingTalk and Lark')
  .version(packageVersion(), '-V, --version', "print Gong's version")
  .option('-c, --config <file>', 'YAML config file (default: $GONG_CONFIG or ./gong.yaml)')
  // Commander's own usage errors (an unknown option, a missing argument) exit 2, as Gong's do;
  // the subcommands inherit this, since they are registered after it.
  .exitOverride((error) => process.exit(error.exitCode === 1 ? USAGE_EXIT_CODE : error.exitCode));
const config = cliConfig(program);

// In this order in `gong --help`.
registerStartCommand(program, config);
registerMigrateCommand(program, config);
registerCheckConfigCommand(program, config);
registerIncidentCommands(program, config);
registerAlertCommands(program, config);
registerChatCommands(program, config);
registerTemplateCommands(program, config);
registerRouteCommands(program, config);
registerUserCommands(program, config);

program.parseAsync().catch(exitWithError);
