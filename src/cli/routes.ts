import type { Command } from 'commander';
import type { CliConfig } from './cli-config.js';
import { UsageError } from './errors.js';

/** `gong routes test`. */
export function registerRouteCommands(program: Command, config: CliConfig): void {
  const routes = program.command('routes').description('notification policies');

  routes
    .command('test <labels...>')
    .description('show which routes, chats and escalation an alert with these labels gets (severity=… source=… count too)')
    .action(async (pairs: string[]) => {
      const { createRouting } = await import('../alerts/routing.js');
      const runtime = config.runtime();
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
}
