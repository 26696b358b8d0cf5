import type { ParsedConfig } from './schema.js';

/**
 * Names that point at other entries (a route's chats and policy, a step's users and webhook, a
 * schedule's users) must exist; each problem names its key so the admin can find it.
 */
export function referenceProblems(config: ParsedConfig): string[] {
  const problems: string[] = [];
  const chats = new Set(config.chats.map((chat) => chat.name));
  const users = new Set(config.users.map((user) => user.name));
  const schedules = new Set(config.schedules.map((schedule) => schedule.name));
  const policies = new Set(config.escalations.map((policy) => policy.name));
  const webhooks = new Set(config.webhooks.map((hook) => hook.name));
  const missing = (path: string, kind: string, value: string, known: Set<string>) => {
    if (!known.has(value)) problems.push(`${path}: there is no ${kind} named "${value}"${known.size ? ` (known: ${[...known].join(', ')})` : ''}`);
  };

  config.routes.forEach((route, i) => {
    route.chats.forEach((chat, j) => missing(`routes[${i}].chats[${j}]`, 'chat', chat, chats));
    if (route.escalation) missing(`routes[${i}].escalation`, 'escalation policy', route.escalation, policies);
  });
  config.schedules.forEach((schedule, i) => {
    schedule.rotation.users.forEach((user, j) => missing(`schedules[${i}].rotation.users[${j}]`, 'user', user, users));
    schedule.overrides.forEach((override, j) => missing(`schedules[${i}].overrides[${j}].user`, 'user', override.user, users));
    if (schedule.timezone && !isTimeZone(schedule.timezone)) {
      problems.push(`schedules[${i}].timezone: expected an IANA time zone such as Asia/Shanghai`);
    }
  });
  config.escalations.forEach((policy, i) => {
    policy.steps.forEach((step, j) => {
      const path = `escalations[${i}].steps[${j}]`;
      step.notify.forEach((chat, k) => missing(`${path}.notify[${k}]`, 'chat', chat, chats));
      step.mention.forEach((who, k) => {
        if (who.startsWith('schedule:')) missing(`${path}.mention[${k}]`, 'schedule', who.slice('schedule:'.length), schedules);
        else missing(`${path}.mention[${k}]`, 'user', who, users);
      });
      if (step.webhook) missing(`${path}.webhook`, 'webhook', step.webhook, webhooks);
    });
  });
  // A route's name is how `gong routes test` and the timeline tell which route took an alert.
  const named = (list: readonly { name?: string }[]) => list.flatMap((item, i) => (item.name === undefined ? [] : [{ name: item.name, i }]));
  for (const [key, list] of [['users', config.users], ['schedules', config.schedules], ['escalations', config.escalations], ['webhooks', config.webhooks], ['routes', config.routes]] as const) {
    const seen = new Set<string>();
    for (const { name, i } of named(list)) {
      if (seen.has(name)) problems.push(`${key}[${i}].name: "${name}" is used twice`);
      seen.add(name);
    }
  }
  return problems;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
