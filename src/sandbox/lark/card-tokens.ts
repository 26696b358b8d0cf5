import { randomBytes } from 'node:crypto';

const LIFETIME_MS = 30 * 60_000;
const MAX_USES = 2;

/** Delayed-update tokens handed out with each card click: 30 minutes, two uses (documented limits). */
export class CardTokens {
  private readonly tokens = new Map<string, { appId: string; messageId: string; issuedAt: number; uses: number }>();

  constructor(private readonly now: () => number) {}

  issue(appId: string, messageId: string): string {
    const token = `c-${randomBytes(20).toString('hex')}`;
    this.tokens.set(token, { appId, messageId, issuedAt: this.now(), uses: 0 });
    return token;
  }

  /** The message the token may update, or why it may not. */
  use(token: string, appId: string): { messageId: string } | { error: string } {
    const t = this.tokens.get(token);
    if (!t || t.appId !== appId) return { error: 'invalid token' };
    if (this.now() - t.issuedAt > LIFETIME_MS) return { error: 'token expired' };
    if (t.uses >= MAX_USES) return { error: 'token use count exceeded' };
    t.uses += 1;
    return { messageId: t.messageId };
  }
}
