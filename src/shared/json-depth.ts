/**
 * True when a parsed JSON value nests deeper than `limit` arrays or objects. Checked without
 * recursion, so that code which walks the value recursively afterwards (SDKs do) is never handed
 * a body that overflows its stack.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (!item || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
