/**
 * Display names of the people who wrote to the robot. Card callbacks carry only a userId, so the
 * timeline would otherwise say "0123456789" where people expect "Li Lei". Bounded: the oldest
 * names are forgotten first, and a forgotten name falls back to the userId.
 */
export class UserNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly max = 10_000) {}

  remember(userId: string, nick: string): void {
    if (!nick) return;
    this.names.delete(userId);
    this.names.set(userId, nick);
    if (this.names.size > this.max) this.names.delete(this.names.keys().next().value!);
  }

  nameOf(userId: string): string {
    return this.names.get(userId) ?? userId;
  }
}
