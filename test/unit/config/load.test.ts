import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../../src/config/load.js';
import { toRuntimeConfig } from '../../../src/config/runtime-config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'gong-config-'));

describe('parseConfig', () => {
  it('applies defaults', () => {
    const config = parseConfig({}, {}, null);
    expect(config.server.port).toBe(8080);
    expect(config.timezone).toBe('Asia/Shanghai');
    expect(config.locale).toBe('zh-CN');
    expect(config.database.url).toBeUndefined();
  });
  it('interpolates ${VAR} and ${VAR:-default}', () => {
    const config = parseConfig(
      { database: { url: '${DATABASE_URL:-}' }, sources: [{ name: 'am', type: 'alertmanager', token: '${AM_TOKEN}' }], locale: '${LOCALE:-en}' },
      { AM_TOKEN: 'secret-token-1' },
      null,
    );
    expect(config.sources?.[0]?.token).toBe('secret-token-1');
    expect(config.locale).toBe('en');
    expect(config.database.url).toBeUndefined();
  });
  it('names a missing variable and its key', () => {
    expect(() => parseConfig({ sources: [{ name: 'am', type: 'alertmanager', token: '${AM_TOKEN}' }] }, {}, null)).toThrow(
      'sources[0].token: environment variable AM_TOKEN is not set',
    );
  });
  it('names every missing variable at once, each with its key', () => {
    const raw = { sources: [{ name: 'am', type: 'alertmanager', token: '${AM_TOKEN}' }], lark: { appId: '${LARK_APP_ID}', appSecret: '${LARK_APP_SECRET:-}' }, server: { adminToken: '${GONG_ADMIN_TOKEN}' } };
    expect(() => parseConfig(raw, {}, null)).toThrow(
      [
        '3 environment variables are not set (write ${NAME:-default} to give one a default):',
        '  sources[0].token: environment variable AM_TOKEN is not set',
        '  lark.appId: environment variable LARK_APP_ID is not set',
        '  server.adminToken: environment variable GONG_ADMIN_TOKEN is not set',
      ].join('\n'),
    );
  });
  it('suggests the key meant for a misspelt one, and lists the keys when nothing is close', () => {
    expect(() => parseConfig({ sevrer: {} }, {}, null)).toThrow('(body): Unrecognized key: "sevrer": did you mean `server` for `sevrer`?');
    expect(() => parseConfig({ server: { prot: 8080 } }, {}, null)).toThrow(/server: Unrecognized key: "prot": did you mean `port` for `prot`\?/);
    expect(() => parseConfig({ routes: [{ chats: [], contineu: true }] }, {}, null)).toThrow(/routes\[0\]: .*did you mean `continue` for `contineu`\?/);
    expect(() => parseConfig({ server: { zzzzzz: 1 } }, {}, null)).toThrow(/server: Unrecognized key: "zzzzzz" \(the keys here are .*`port`/);
  });
  it('says to quote a number or yes/no that YAML read where text is expected', () => {
    expect(() => parseConfig({ chats: [{ name: 'ops', type: 'lark', chatId: 12345 }] }, {}, null)).toThrow(/chats\[0\]\.chatId: .*YAML read 12345 as a number; quote it to keep it text \("12345"\)/);
    expect(() => parseConfig({ timezone: true }, {}, null)).toThrow(/timezone: .*YAML read true as a boolean; quote it/);
  });
  it('names the key path and what was expected', () => {
    expect(() => parseConfig({ sources: [{ name: 'am', type: 'nagios', token: 'long-enough' }] }, {}, null)).toThrow(/sources\[0\]\.type: /);
    expect(() => parseConfig({ server: { port: 'http' } }, {}, null)).toThrow(/server\.port: /);
    expect(() => parseConfig({ timezone: 'Mars/Olympus' }, {}, null)).toThrow(/timezone: expected an IANA time zone/);
    expect(() => parseConfig({ sevrer: {} }, {}, null)).toThrow(/sevrer/);
    expect(() => parseConfig({ lark: { appId: 'x', appSecret: 's' } }, {}, null)).toThrow(/lark\.appId: expected an App ID/);
  });
  it('checks app lists: unique names, chats naming an existing app, and naming one when there are several', () => {
    const lark = (name: string, appId: string) => ({ name, appId, appSecret: 's' });
    const two = [lark('hq', 'cli_00000000000000a1'), lark('sub', 'cli_00000000000000a2')];
    expect(() => parseConfig({ lark: [lark('hq', 'cli_00000000000000a1'), lark('hq', 'cli_00000000000000a2')] }, {}, null)).toThrow('lark[1].name: "hq" is used twice');
    expect(() => parseConfig({ lark: two, chats: [{ name: 'ops', type: 'lark', chatId: 'oc_1', app: 'sbu' }] }, {}, null)).toThrow(
      'chats[0].app: no lark app is named "sbu" (the lark apps: hq, sub)',
    );
    expect(() => parseConfig({ lark: two, chats: [{ name: 'ops', type: 'lark', chatId: 'oc_1' }] }, {}, null)).toThrow(/chats\[0\]\.app: lark has 2 apps \(hq, sub\)/);
    expect(() => parseConfig({ dingtalk: { clientId: 'c', clientSecret: 's' }, chats: [{ name: 'd', type: 'dingtalk', conversationId: 'cid', app: 'other' }] }, {}, null)).toThrow(
      'chats[0].app: no dingtalk app is named "other" (the dingtalk apps: dingtalk)',
    );
    const ok = parseConfig({ lark: two, chats: [{ name: 'ops', type: 'lark', chatId: 'oc_1', app: 'sub' }] }, {}, null);
    expect(ok.chats[0]).toMatchObject({ app: 'sub' });
  });
  it('takes a WeCom robot by its full URL with the key, markdown or card', () => {
    const wecom = (webhook: string, extra = {}) => parseConfig({ chats: [{ name: 'w', type: 'wecom-webhook', webhook, ...extra }] }, {}, null);
    expect(wecom('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc').chats[0]).toMatchObject({ format: 'template_card' });
    expect(wecom('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', { format: 'markdown' }).chats[0]).toMatchObject({ format: 'markdown' });
    expect(() => wecom('https://qyapi.weixin.qq.com/cgi-bin/webhook/send')).toThrow(/chats\[0\]\.webhook: expected the robot URL with its \?key=/);
    expect(() => wecom('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', { format: 'news' })).toThrow(/chats\[0\]\.format/);
  });
  it('splits credentials out of alertmanagerUrl into a header, or takes a bearer token', () => {
    const source = (extra: Record<string, unknown>) => parseConfig({ sources: [{ name: 'am', type: 'alertmanager', token: 'long-enough', ...extra }] }, {}, null).sources![0]!;
    expect(source({ alertmanagerUrl: 'https://gong:p%40ss%3Aw0rd@am.example.com:9093/' })).toMatchObject({
      alertmanagerUrl: 'https://am.example.com:9093',
      alertmanagerAuthorization: `Basic ${Buffer.from('gong:p@ss:w0rd').toString('base64')}`,
    });
    expect(source({ alertmanagerUrl: 'https://am.example.com/am', alertmanagerToken: 'tok-123' })).toMatchObject({
      alertmanagerUrl: 'https://am.example.com/am',
      alertmanagerAuthorization: 'Bearer tok-123',
    });
    const plain = source({ alertmanagerUrl: 'http://am:9093' });
    expect(plain.alertmanagerUrl).toBe('http://am:9093');
    expect(plain).not.toHaveProperty('alertmanagerAuthorization');
    expect(() => source({ alertmanagerToken: 'tok-123' })).toThrow(/sources\[0\]\.alertmanagerToken: needs alertmanagerUrl/);
    expect(() => source({ alertmanagerUrl: 'https://u:p@am', alertmanagerToken: 'tok-123' })).toThrow(/sources\[0\]\.alertmanagerToken: give either user:password in alertmanagerUrl or alertmanagerToken/);
    expect(() => source({ alertmanagerUrl: 'http://am:9093', silenceCheckSeconds: 0 })).toThrow(/sources\[0\]\.silenceCheckSeconds/);
  });
  it('rejects duplicate names and lets PORT and DATABASE_URL override', () => {
    const chats = [{ name: 'ops', type: 'lark', chatId: 'oc_1' }, { name: 'ops', type: 'lark', chatId: 'oc_2' }];
    expect(() => parseConfig({ chats }, {}, null)).toThrow('chats[1].name: "ops" is used twice');
    const config = parseConfig({ server: { port: 1 } }, { PORT: '9090', DATABASE_URL: 'postgres://db/gong' }, null);
    expect(config.server.port).toBe(9090);
    expect(config.database.url).toBe('postgres://db/gong');
    expect(() => parseConfig({}, { PORT: 'abc' }, null)).toThrow(ConfigError);
  });
});

describe('loadConfig', () => {
  it('reads YAML from --config and reports YAML errors with the file', () => {
    const folder = dir();
    const file = join(folder, 'gong.yaml');
    writeFileSync(file, 'server:\n  port: 9999\nlocale: en\n');
    expect(loadConfig({ path: file, env: {} }).server.port).toBe(9999);
    writeFileSync(file, 'server: [oops\n');
    expect(() => loadConfig({ path: file, env: {} })).toThrow(file);
    expect(() => loadConfig({ path: join(folder, 'missing.yaml'), env: {} })).toThrow(/does not exist/);
    expect(() => loadConfig({ path: folder, env: {} })).toThrow(new ConfigError(`cannot read config file ${folder}: EISDIR`));
  });
});

describe('toRuntimeConfig', () => {
  it('generates tokens once, keeps them private in the data directory, and adds a demo source', () => {
    const dataDir = dir();
    const config = parseConfig({}, { GONG_DATA_DIR: dataDir }, null);
    const first = toRuntimeConfig(config);
    const second = toRuntimeConfig(config);
    expect(first.server.adminToken).toHaveLength(32);
    expect(second.server.adminToken).toBe(first.server.adminToken);
    expect(first.sources).toEqual([{ name: 'demo', type: 'generic', token: second.sources[0]!.token }]);
    expect(first.generated).toEqual({ adminToken: true, demoSource: true });
    const file = join(dataDir, 'secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).adminToken).toBe(first.server.adminToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.server.publicUrl).toBe('http://localhost:8080');
  });
});

describe('gong.example.yaml', () => {
  it('is a valid configuration once its variables are set', () => {
    const env = { GONG_ADMIN_TOKEN: 'admin-token-of-16+', AM_TOKEN: 'am-token-1', GRAFANA_TOKEN: 'grafana-token-1', CUSTOM_TOKEN: 'custom-token-1' };
    const config = loadConfig({ path: 'gong.example.yaml', env });
    expect(config.sources?.map((s) => s.name)).toEqual(['prometheus', 'grafana', 'custom']);
    expect(config.sources?.[0]?.token).toBe('am-token-1');
  });
});
