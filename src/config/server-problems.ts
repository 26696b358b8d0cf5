import type { ParsedConfig } from './schema.js';

/**
 * Server settings that would start but not work as meant: a database URL Gong cannot open, and
 * an admin token a monitoring system also holds (its webhook token would open the admin API).
 * Values are never quoted: both are secrets.
 */
export function serverProblems(config: Pick<ParsedConfig, 'server' | 'database' | 'sources'>): string[] {
  const problems: string[] = [];
  const url = config.database.url;
  if (url !== undefined && !/^postgres(ql)?:\/\/./.test(url)) {
    problems.push('database.url (or DATABASE_URL): expected a PostgreSQL URL such as postgres://gong:password@db:5432/gong; leave it out for the embedded database');
  }
  (config.sources ?? []).forEach((source, i) => {
    if (config.server.adminToken !== undefined && source.token === config.server.adminToken) {
      problems.push(`sources[${i}].token: the same as server.adminToken, which would let "${source.name}" use the admin API; give each its own token`);
    }
  });
  return problems;
}
