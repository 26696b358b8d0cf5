import type { Logger } from 'pino';
import type { RuntimeConfig } from '../config/runtime-config.js';

/**
 * The first lines an admin reads: the address Gong actually bound (the real port when the
 * configured one is 0), where things are, where the generated tokens are kept (the file, never the
 * tokens: they stay out of the log) and a curl line that fires an alert. `url` is where this
 * machine reaches the bound server.
 */
export function logStartupBanner(logger: Logger, config: RuntimeConfig, url: string): void {
  const port = new URL(url).port;
  // Without a configured publicUrl, links point at the port bound, not the one asked for.
  const base = config.server.publicUrl === `http://localhost:${config.server.port}` ? `http://localhost:${port}` : config.server.publicUrl;
  const source = config.sources[0]!;
  const bound = `${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
  logger.info(`Gong is listening on ${bound} (${url} from this machine; ${config.database.url ? 'PostgreSQL' : `embedded database in ${config.dataDir}`})`);
  logger.info(`Webhook:  POST ${base}/hooks/${source.name}   (Authorization: Bearer <source token>)`);
  logger.info(`API:      ${base}/api/v1/alerts   (Authorization: Bearer <admin token>)`);
  logger.info(`Console:  ${base}/console   (sign in with the admin token)`);
  if (config.sandbox) {
    logger.info(`Sandbox:  ${base}/sandbox   no DingTalk or Lark configured, so Gong talks to local ones: open this page to see the DingTalk, Lark and WeCom groups`);
  }
  const secrets = `${config.dataDir}/secrets.json`;
  if (config.generated.adminToken) logger.info(`Admin token: generated, kept in ${secrets} ("adminToken")`);
  if (config.generated.demoSource) {
    logger.info(`Demo source token: generated, kept in ${secrets} ("demoSourceToken")`);
    logger.info(
      `Try it: curl -X POST ${base}/hooks/demo -H "Authorization: Bearer <demoSourceToken>" ` +
        `-H 'Content-Type: application/json' -d '{"title":"Disk almost full","severity":"critical","labels":{"host":"db-1"}}'`,
    );
  }
}
