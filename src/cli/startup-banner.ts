import type { Logger } from 'pino';
import type { RuntimeConfig } from '../config/runtime-config.js';

/**
 * The first lines an admin reads: where things are, and a curl line that fires an alert. Tokens
 * never enter the log: the curl line reads the generated one from the data directory itself.
 */
export function logStartupBanner(logger: Logger, config: RuntimeConfig, url: string): void {
  const base = config.server.publicUrl;
  const source = config.sources[0]!;
  logger.info(`Gong is listening on ${url} (${config.database.url ? 'PostgreSQL' : `embedded database in ${config.dataDir}`})`);
  logger.info(`Webhook:  POST ${base}/hooks/${source.name}   (Authorization: Bearer <source token>)`);
  logger.info(`API:      ${base}/api/v1/alerts   (Authorization: Bearer <admin token>)`);
  logger.info(`Console:  ${base}/console   (sign in with the admin token)`);
  if (config.sandbox) {
    logger.info(`Sandbox:  ${base}/sandbox   no DingTalk or Lark configured, so Gong talks to local ones: open this page to see the DingTalk, Lark and WeCom groups`);
  }
  if (config.generated.adminToken || config.generated.demoSource) {
    logger.info(`Generated tokens are kept in ${config.dataDir}/secrets.json`);
  }
  const secrets = `${config.dataDir}/secrets.json`;
  const read = (key: string) => `$(node -p "require('${secrets}').${key}")`;
  if (config.generated.adminToken) logger.info(`Admin token: ${read('adminToken')}`);
  if (config.generated.demoSource) {
    logger.info(
      `Try it: curl -X POST ${base}/hooks/demo -H "Authorization: Bearer ${read('demoSourceToken')}" ` +
        `-H 'Content-Type: application/json' -d '{"title":"Disk almost full","severity":"critical","labels":{"host":"db-1"}}'`,
    );
  }
}
