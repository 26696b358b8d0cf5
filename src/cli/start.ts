import type { Command } from 'commander';
import type { CliConfig } from './cli-config.js';

/** `gong start`: the server, until SIGINT or SIGTERM. */
export function registerStartCommand(program: Command, config: CliConfig): void {
  program
    .command('start')
    .description('run Gong: HTTP server, job workers and chat connections')
    .action(async () => {
      // Gong's whole code (koa, pg-boss, the platform SDKs) loads here only: the other commands stay quick.
      const [{ startGongOrSandbox }, { createLogger }, { logStartupBanner }] = await Promise.all([
        import('../main.js'),
        import('../observability/logger.js'),
        import('./startup-banner.js'),
      ]);
      const logger = createLogger();
      const runtime = config.runtime();
      const gong = await startGongOrSandbox(runtime, { logger });
      logStartupBanner(logger, gong.parts.config, gong.url);
      let stopping = false;
      const shutdown = async (signal: string) => {
        // Ctrl-C under `npm start` arrives twice (from the terminal and forwarded by npm): the
        // second must not kill the process halfway through closing the database.
        if (stopping) return;
        stopping = true;
        logger.info(`${signal} received, stopping`);
        await gong.stop();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
    });
}
