/**
 * An Alertmanager URL as written in the config (`https://user:pass@am.example.com`) split into the
 * URL Gong calls and the `Authorization` header its credentials stand for: fetch refuses URLs
 * that carry credentials, and a URL is copied into errors and logs where a header is not.
 */
export function splitCredentials(written: string): { url: string; authorization?: string } {
  const url = new URL(written);
  if (!url.username && !url.password) return { url: withoutTrailingSlash(url) };
  // Basic auth takes the credentials as typed; the URL holds them percent-encoded.
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return { url: withoutTrailingSlash(url), authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
}

export function hasCredentials(written: string): boolean {
  const url = URL.parse(written);
  return Boolean(url && (url.username || url.password));
}

function withoutTrailingSlash(url: URL): string {
  return url.href.replace(/\/$/, '');
}
