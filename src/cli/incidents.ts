import type { Command } from 'commander';
import { alertNumber, onGong } from './alerts.js';
import type { CliConfig } from './cli-config.js';
import type { IncidentDesk } from './incident-desk.js';

/** `gong incidents list | show | merge | split`. */
export function registerIncidentCommands(program: Command, config: CliConfig): void {
  const incidents = program.command('incidents').description('list, show, merge and split incidents (on the running Gong when it holds the embedded database)');
  const withIncidents = (run: (desk: IncidentDesk) => Promise<void>) =>
    onGong(config, async () => {
      const { localIncidentDesk, remoteIncidentDesk } = await import('./incident-desk.js');
      return { local: localIncidentDesk, remote: remoteIncidentDesk };
    }, run);
  const incidentNumber = (id: string) => alertNumber(id, 'an incident');
  const who = process.env.USER ?? 'cli';

  incidents
    .command('list')
    .option('-s, --state <state>', 'triggered | acknowledged | resolved | open')
    .option('-q, --query <text>', 'search titles')
    .option('-n, --limit <n>', 'how many', '20')
    .action(async (options: { state?: string; query?: string; limit: string }) => {
      // Checked before the database opens, the slow part.
      const filter = (await import('./list-flags.js')).listFilter(options);
      return withIncidents(async (desk) => {
        const listed = await desk.list(filter);
        for (const i of listed) {
          const merged = i.mergedInto ? `\tmerged into #${i.mergedInto}` : '';
          console.log(`#${i.id}\t${i.state}\t${i.severity}\t${i.firingCount}/${i.alertCount} firing\t${i.title}${i.assignee ? `\t@${i.assignee}` : ''}${merged}`);
        }
        if (listed.length === 0) console.log('no incidents');
      });
    });

  incidents
    .command('show <id>')
    .description('the incident, its first alerts and its timeline, as JSON')
    .action((id: string) => {
      // Checked before the database opens, the slow part.
      const number = incidentNumber(id);
      return withIncidents(async (desk) => {
        console.log(JSON.stringify(await desk.show(number), null, 2));
      });
    });

  incidents
    .command('merge <from> <into>')
    .description('move every alert of incident <from> into incident <into>, and close <from> as merged')
    .option('--as <name>', 'who is acting', who)
    .action((from: string, into: string, options: { as: string }) => {
      const [fromNumber, intoNumber] = [incidentNumber(from), incidentNumber(into)];
      return withIncidents(async (desk) => {
        const { incident, other } = await desk.merge(fromNumber, intoNumber, options.as);
        console.log(`#${other.id} merged into #${incident.id}, which holds ${incident.alertCount} alerts`);
      });
    });

  incidents
    .command('split <incident> <alert>')
    .description('move one alert (its id or fingerprint) out of the incident into a new incident')
    .option('--as <name>', 'who is acting', who)
    .action((id: string, alert: string, options: { as: string }) => {
      const number = incidentNumber(id);
      return withIncidents(async (desk) => {
        const { incident, other } = await desk.split(number, /^\d+$/.test(alert) ? Number(alert) : alert, options.as);
        console.log(`alert ${alert} moved from #${other.id} to the new incident #${incident.id}`);
      });
    });
}
