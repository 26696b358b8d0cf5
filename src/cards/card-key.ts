/** The idempotency key of an alert's card in one chat: identical on every retry. */
export function cardKey(alertId: number, chat: string): string {
  return `gong-${alertId}-${chat}`;
}

/** The alert a card key names (a DingTalk card's outTrackId is its key). */
export function alertIdOfCardKey(key: string): number | undefined {
  const id = /^gong-(\d+)-/.exec(key)?.[1];
  return id === undefined ? undefined : Number(id);
}
