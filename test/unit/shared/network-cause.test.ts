import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOf, networkCause } from '../../../src/shared/network-cause.js';
import { closedPort, HAS_OPENSSL, selfSignedServer, silentServer } from '../../helpers/failing-servers.js';

/** What a real fetch threw, as networkCause words it. */
async function failed(url: string, timeoutMs = 10_000): Promise<{ code: string; words: string }> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return networkCause(error, hostOf(url));
  }
  throw new Error(`${url} answered`);
}

describe('networkCause on real sockets', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  beforeAll(async () => {
    silent = await silentServer();
  });
  afterAll(async () => {
    await silent?.close();
  });

  it('a closed port: connection refused, with the host:port', async () => {
    const port = await closedPort();
    expect(await failed(`http://127.0.0.1:${port}/hook/SECRETKEY?key=SECRET`)).toEqual({ code: 'refused', words: `connection refused by 127.0.0.1:${port} (ECONNREFUSED)` });
  });

  it('a name that does not resolve: DNS name not found', async () => {
    const { code, words } = await failed('https://gong-test.invalid/robot/send?access_token=SECRET');
    expect(code).toBe('dns');
    expect(words).toMatch(/^DNS name not found: gong-test\.invalid:443 \((ENOTFOUND|EAI_AGAIN)\)$/);
  });

  it('a server that never answers: timed out', async () => {
    expect(await failed(`http://127.0.0.1:${silent.port}/`, 300)).toEqual({ code: 'timeout', words: `timed out waiting for 127.0.0.1:${silent.port}` });
  });

  it.skipIf(!HAS_OPENSSL)('a self-signed certificate: TLS certificate problem (skipped without openssl, which makes the certificate)', async () => {
    const server = await selfSignedServer();
    try {
      expect(await failed(`https://127.0.0.1:${server.port}/`)).toEqual({ code: 'tls', words: `TLS certificate problem with 127.0.0.1:${server.port} (DEPTH_ZERO_SELF_SIGNED_CERT)` });
    } finally {
      await server.close();
    }
  });

  it('an unrecognised failure still names the place, never a URL path or query', () => {
    const error = new TypeError('fetch failed', { cause: Object.assign(new Error('boom'), { code: 'EWEIRD' }) });
    expect(networkCause(error, hostOf('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET'))).toEqual({ code: 'network', words: 'network failure reaching qyapi.weixin.qq.com:443 (EWEIRD)' });
    expect(networkCause(new TypeError('fetch failed', { cause: new Error('bad port') }))).toEqual({ code: 'network', words: 'network failure (bad port)' });
    expect(networkCause(new Error('failed: https://h.example/hook/SECRETSECRET'))).toEqual({ code: 'network', words: 'network failure (failed: https://h.example/hook/•••)' });
  });
});
