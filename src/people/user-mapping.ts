import type { ParsedConfig } from '../config/schema.js';
import { namedApps } from '../config/app-configs.js';
import { type ChatPlatform, configuredId, type LinkedBy } from './match-user.js';

/** A person seen through one app, as stored. */
export interface SeenAccount {
  platform: ChatPlatform;
  app: string;
  platformId: string;
  name: string;
  userName: string | null;
  linkedBy: LinkedBy | null;
}

/** A configured user's account in one app, or the lack of one. */
export interface AppAccount {
  platform: ChatPlatform;
  app: string;
  /** Absent: this app does not know the person yet, so its messages mention them by name. */
  id?: string;
  /** `config` when written in the config file, else how the seen account was linked. */
  by?: LinkedBy;
  /** The name the platform showed, when the account was seen. */
  seenAs?: string;
}

export interface UserMapping {
  user: string;
  accounts: AppAccount[];
}

/**
 * Every configured user's id in every DingTalk and Lark app (from the config, else from the
 * account seen through that app and linked to them), and the people seen but linked to nobody.
 */
export function userMappings(config: Pick<ParsedConfig, 'users' | 'dingtalk' | 'lark'>, seen: readonly SeenAccount[]): { users: UserMapping[]; unlinked: SeenAccount[] } {
  const apps = [
    ...namedApps(config.dingtalk, 'dingtalk').map((app) => ({ platform: 'dingtalk' as const, app: app.name })),
    ...namedApps(config.lark, 'lark').map((app) => ({ platform: 'lark' as const, app: app.name })),
  ];
  const users = config.users.map((user): UserMapping => ({
    user: user.name,
    accounts: apps.map(({ platform, app }): AppAccount => {
      const mine = (row: SeenAccount) => row.platform === platform && row.app === app;
      const configured = configuredId(user, platform, app);
      if (configured) {
        const row = seen.find((r) => mine(r) && r.platformId === configured);
        return { platform, app, id: configured, by: 'config', ...(row && { seenAs: row.name }) };
      }
      const linked = seen.find((r) => mine(r) && r.userName === user.name);
      return linked ? account(linked) : { platform, app };
    }),
  }));
  // Accounts linked through an app no longer configured (renamed, removed) are still shown.
  const current = new Set(apps.map(({ platform, app }) => `${platform}/${app}`));
  for (const mapping of users) {
    mapping.accounts.push(...seen.filter((row) => row.userName === mapping.user && !current.has(`${row.platform}/${row.app}`)).map(account));
  }
  const known = new Set(config.users.map((user) => user.name));
  return { users, unlinked: seen.filter((row) => !row.userName || !known.has(row.userName)) };
}

function account(row: SeenAccount): AppAccount {
  return { platform: row.platform, app: row.app, id: row.platformId, by: row.linkedBy ?? 'cli', seenAs: row.name };
}
