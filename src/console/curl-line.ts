import type { RuntimeConfig } from '../config/runtime-config.js';
import { sampleFiring } from '../sandbox/sample-alerts.js';

/**
 * A first alert from a terminal, to the first source's hook (the sandbox page and an empty
 * incident list show it). The source token is read from where Gong keeps it, never shown.
 */
export function curlLine(config: Pick<RuntimeConfig, 'server' | 'sources' | 'generated' | 'dataDir'>): string {
  const source = config.sources[0]!;
  const token = config.generated.demoSource ? `$(node -p "require('${config.dataDir}/secrets.json').demoSourceToken")` : '<source token>';
  return `curl -X POST ${config.server.publicUrl}/hooks/${source.name} \\
  -H "Authorization: Bearer ${token}" -H 'Content-Type: application/json' \\
  -d '${JSON.stringify(sampleFiring(1))}'`;
}
