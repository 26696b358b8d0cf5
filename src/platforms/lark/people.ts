import type { LarkClient } from './client.js';

/**
 * Display names by open_id, per app (open_ids differ between apps). Lark events carry no names,
 * so Gong asks the contact API once per person; without that permission the open_id stands in.
 */
export function createNameBook(client: LarkClient): (openId: string) => Promise<string> {
  const names = new Map<string, string>();
  return async (openId) => {
    const known = names.get(openId);
    if (known) return known;
    const name = (await client.userName(openId).catch(() => undefined)) ?? openId;
    if (name !== openId) names.set(openId, name);
    return name;
  };
}
