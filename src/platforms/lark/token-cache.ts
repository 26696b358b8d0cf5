import type { Cache } from '@larksuiteoapi/node-sdk';

/**
 * A token cache owned by one client. The SDK's default cache is process-wide and keyed by appId,
 * so two clients for the same app id (different domains, a rotated secret, parallel tests) would
 * share — and poison — one token; and the SDK never drops a token the platform has refused.
 * Expiry is wall-clock time because the SDK computes it from `new Date()`.
 */
export class TokenCache implements Cache {
  private readonly values = new Map<string, { value: unknown; expiresAt?: number }>();

  async get(key: string | Symbol, options?: { namespace?: string }): Promise<unknown> {
    const entry = this.values.get(this.key(key, options));
    if (!entry || (entry.expiresAt !== undefined && entry.expiresAt <= Date.now())) return undefined;
    return entry.value;
  }

  async set(key: string | Symbol, value: unknown, expiresAt?: number, options?: { namespace?: string }): Promise<boolean> {
    this.values.set(this.key(key, options), { value, ...(expiresAt !== undefined && { expiresAt }) });
    return true;
  }

  clear(): void {
    this.values.clear();
  }

  // The SDK keys by Symbol (typed as the boxed `Symbol`); its description is unique enough here.
  private key(key: string | Symbol, options?: { namespace?: string }): string {
    return `${options?.namespace ?? ''}/${key.toString()}`;
  }
}
