import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { maskUrl, maskUrlsIn } from '../../src/shared/mask-secrets.js';

describe('maskUrl', () => {
  it('hides the token in the path or the query', () => {
    expect(maskUrl('https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef')).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/•••');
    expect(maskUrl('https://oapi.dingtalk.com/robot/send?access_token=abcdef123456')).toBe('https://oapi.dingtalk.com/robot/send?access_token=•••');
    expect(maskUrl('https://hooks.example.com/gong?token=s3cret&team=ops')).toBe('https://hooks.example.com/gong?token=•••&team=•••');
  });

  it('hides a user and password', () => {
    expect(maskUrl('https://admin:hunter2@am.example.com:9093/')).toBe('https://•••@am.example.com:9093/');
    expect(maskUrl('http://only-user@am.example.com/api')).toBe('http://•••@am.example.com/api');
  });

  it('masks what is not a URL whole', () => {
    expect(maskUrl('not a url with a secret')).toBe('•••');
  });
});

describe('maskUrlsIn', () => {
  it('masks every URL in a message and leaves the words', () => {
    expect(maskUrlsIn('POST https://u:p@x.example.com/hook?key=k1 failed; retry http://y.example.com/a/0123456789abcdef later')).toBe(
      'POST https://•••@x.example.com/hook?key=••• failed; retry http://y.example.com/a/••• later',
    );
  });

  it('leaves a URL with nothing secret as written, and the punctuation after a URL to the sentence', () => {
    expect(maskUrlsIn('cannot reach Gong at http://127.0.0.1:9; is it running?')).toBe('cannot reach Gong at http://127.0.0.1:9; is it running?');
    expect(maskUrlsIn('see https://hooks.example.com/x?token=t1.')).toBe('see https://hooks.example.com/x?token=•••.');
    expect(maskUrlsIn('expected a URL such as https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…')).toBe('expected a URL such as https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…');
  });
});

describe('the log', () => {
  function logged(write: (logger: ReturnType<typeof createLogger>) => void): string {
    let text = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    write(createLogger('info', sink));
    return text;
  }

  it('redacts secret fields at any of the first three levels', () => {
    const text = logged((logger) => {
      logger.info({ token: 'top-token', app: { appSecret: 'app-secret', nested: { verificationToken: 'vt-secret' } }, req: { headers: { authorization: 'Bearer admin-token', cookie: 'gong_session=sid' } } }, 'one');
      logger.child({ chat: { webhook: 'https://hooks.example.com/x?access_token=child-secret' } }).info({ encryptKey: 'ek-secret' }, 'two');
    });
    for (const secret of ['top-token', 'app-secret', 'vt-secret', 'admin-token', 'gong_session=sid', 'child-secret', 'ek-secret']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('masks URLs in messages and in errors', () => {
    const text = logged((logger) => {
      logger.warn('posting to https://oapi.dingtalk.com/robot/send?access_token=message-secret failed');
      logger.error({ err: new Error('connect ECONNREFUSED https://user:error-password@am.example.com/api/v2/silences') }, 'silence failed');
    });
    expect(text).not.toContain('message-secret');
    expect(text).not.toContain('error-password');
    expect(text).toContain('access_token=•••');
    expect(text).toContain('https://•••@am.example.com');
  });
});
