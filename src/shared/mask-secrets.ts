/** What stands where a secret was. */
export const MASK = '•••';

/**
 * A URL with its secrets replaced: a password (or whole userinfo), every query value, and a
 * token-looking last path segment; what is left still tells a person which host and robot it is.
 * `https://open.feishu.cn/open-apis/bot/v2/hook/•••`, `https://oapi.dingtalk.com/robot/send?access_token=•••`,
 * `https://•••@am.example.com/`. Something that is not a URL is masked whole.
 */
export function maskUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return MASK;
  }
  const userinfo = url.username || url.password ? `${MASK}@` : '';
  const segments = url.pathname.split('/');
  // Lark and WeCom robots carry their token as the last segment; short words (`send`, `hooks`) stay.
  if (segments.length > 2 && (segments.at(-1) ?? '').length >= 8) segments[segments.length - 1] = MASK;
  // `key=…` is an example already elided (in a message saying what a URL should look like), not a secret.
  const query = [...url.searchParams].map(([key, value]) => `${encodeURIComponent(key)}=${value === '…' ? value : MASK}`).join('&');
  return `${url.protocol}//${userinfo}${url.host}${segments.join('/')}${query ? `?${query}` : ''}`;
}

/**
 * Every http(s) URL inside a text (an error message, a log line) masked as `maskUrl` does. A URL
 * with nothing to mask stays as written, and punctuation after it is the sentence's, not the URL's.
 */
export function maskUrlsIn(text: string): string {
  return text.replace(/https?:\/\/[^\s"'<>`]+/gi, (match) => {
    const url = match.replace(/[.,;:!?)\]]+$/, '');
    const masked = maskUrl(url);
    return (masked.includes(MASK) ? masked : url) + match.slice(url.length);
  });
}
