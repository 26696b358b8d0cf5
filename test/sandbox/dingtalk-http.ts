/** Raw HTTP against the local DingTalk, so sandbox tests do not depend on Gong's clients. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

export async function tokenFor(base: string, appKey: string, appSecret: string): Promise<string> {
  const { body } = await post(`${base}/v1.0/oauth2/accessToken`, { appKey, appSecret });
  return body.accessToken as string;
}
