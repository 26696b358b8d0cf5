import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from './load.js';
import type { SourceConfig } from './schema.js';

/** The configuration Gong runs with: every token present, at least one source. */
export interface RuntimeConfig extends LoadedConfig {
  server: LoadedConfig['server'] & { adminToken: string; publicUrl: string };
  sources: SourceConfig[];
  /** Which tokens Gong made up itself (so the first log lines can show them once). */
  generated: { adminToken: boolean; demoSource: boolean };
  /** Whether the platforms are the built-in local ones (see src/sandbox/start-sandbox.ts). */
  sandbox: boolean;
  /** The chats the sandbox built in (origin `sandbox`: read-only, and gone without the sandbox). */
  sandboxChats?: readonly string[];
}

interface StoredSecrets {
  adminToken?: string;
  demoSourceToken?: string;
}

/**
 * Fills what an admin left out: an admin token and, without any configured source, a `demo`
 * source of type generic. Generated tokens are kept in the data directory so they survive restarts.
 */
export function toRuntimeConfig(config: LoadedConfig): RuntimeConfig {
  const file = join(config.dataDir, 'secrets.json');
  const stored: StoredSecrets = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const needsAdmin = !config.server.adminToken;
  const needsDemo = !config.sources || config.sources.length === 0;
  const secrets: StoredSecrets = {
    ...stored,
    ...(needsAdmin && !stored.adminToken ? { adminToken: token() } : {}),
    ...(needsDemo && !stored.demoSourceToken ? { demoSourceToken: token() } : {}),
  };
  if (JSON.stringify(secrets) !== JSON.stringify(stored)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const port = config.server.port;
  return {
    ...config,
    server: {
      ...config.server,
      adminToken: config.server.adminToken ?? secrets.adminToken!,
      publicUrl: (config.server.publicUrl ?? `http://localhost:${port}`).replace(/\/$/, ''),
    },
    sources: needsDemo ? [{ name: 'demo', type: 'generic', token: secrets.demoSourceToken! }] : config.sources!,
    generated: { adminToken: needsAdmin, demoSource: needsDemo },
    sandbox: false,
  };
}

function token(): string {
  return randomBytes(24).toString('base64url');
}
