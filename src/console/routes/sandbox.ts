import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { AlertService } from '../../alerts/service.js';
import type { RuntimeConfig } from '../../config/runtime-config.js';
import type { ChatRegistry } from '../../chats/chat-registry.js';
import type { Db } from '../../db/client.js';
import { layout } from '../layout.js';
import { wordsOf } from '../words.js';
import { sandboxFeed } from '../sandbox-feed.js';
import { SANDBOX_SCRIPT, sandboxBody } from '../sandbox-page.js';
import { consoleSessionStore } from '../session.js';
import { SANDBOX, type Sandbox } from '../../sandbox/start-sandbox.js';
import { sandboxPerson } from '../../sandbox/sandbox-people.js';
import { sampleFiring, sampleGroup } from '../../sandbox/sample-alerts.js';
import { curlLine } from '../curl-line.js';
import { parsePayload } from '../../sources/parse-payload.js';
import { describeIssue } from '../../shared/describe-issue.js';
import { GuardedRouter } from '../../shared/guarded-router.js';
import { fail } from '../../http/http-error.js';
import { readJson } from '../../http/read-json.js';

const click = z.discriminatedUnion('platform', [
  z.object({ platform: z.literal('dingtalk'), person: z.string().optional(), outTrackId: z.string().min(1), params: z.record(z.string(), z.string()) }),
  z.object({
    platform: z.literal('lark'),
    person: z.string().optional(),
    messageId: z.string().min(1),
    value: z.record(z.string(), z.unknown()),
    tag: z.string().optional(),
    option: z.string().optional(),
  }),
]);
const say = z.object({ platform: z.enum(['dingtalk', 'lark']), person: z.string().optional(), text: z.string().min(1).max(2000) });

export interface SandboxRouteDeps {
  config: Pick<RuntimeConfig, 'server' | 'sources' | 'generated' | 'dataDir' | 'locale' | 'timezone'>;
  db: Db;
  /** Each sandbox group is drawn in its chat's language. */
  chats: Pick<ChatRegistry, 'look'>;
  alerts: Pick<AlertService, 'ingest'>;
}

/** `/sandbox`: the two local groups, live, with every click and message going through the platforms' real callbacks. */
export function sandboxRoutes(deps: SandboxRouteDeps, sandbox: Sandbox): GuardedRouter {
  const { config } = deps;
  const sessions = consoleSessionStore(deps.db, config.server.adminToken);
  const signedIn = sessions.guard();
  const router = new GuardedRouter('/sandbox');

  router.get('/', signedIn, (ctx) => {
    ctx.type = 'html';
    const words = wordsOf(ctx, config.locale);
    ctx.body = layout(
      { title: words.t('sandbox.title'), words, path: ctx.url, section: 'sandbox', csrf: sessions.csrfToken(ctx), sandbox: true, script: SANDBOX_SCRIPT },
      sandboxBody(curlLine(config), words, config.timezone),
    );
  });

  router.get('/feed', signedIn, (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = sandboxFeed(sandbox, config.server.publicUrl, (chat) => deps.chats.look(chat).locale, config.timezone);
  });

  router.get('/events', signedIn, (ctx) => {
    const stream = new PassThrough();
    const changed = () => stream.write('data: change\n\n');
    const stopDingTalk = sandbox.dingtalk.on('change', changed);
    const stopWeCom = sandbox.wecom.on('change', changed);
    sandbox.lark.on('change', changed);
    // Proxies close quiet connections; a comment line every 25 s keeps this one open.
    const keepAlive = setInterval(() => stream.write(': keep-alive\n\n'), 25_000);
    ctx.req.on('close', () => {
      clearInterval(keepAlive);
      stopDingTalk();
      stopWeCom();
      sandbox.lark.off('change', changed);
      stream.end();
    });
    ctx.req.socket.setTimeout(0);
    ctx.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    ctx.status = 200;
    ctx.body = stream;
    stream.write(': connected\n\n');
  });

  router.post('/click', signedIn, async (ctx) => {
    const input = click.safeParse(await readJson(ctx));
    if (!input.success) fail(400, describeIssue(input.error.issues[0]));
    const person = sandboxPerson(input.data.person);
    try {
      if (input.data.platform === 'dingtalk') {
        const answer = await sandbox.dingtalk.click({ userId: person.dingtalkId, userNick: person.name, outTrackId: input.data.outTrackId, params: input.data.params });
        // What the clicker alone sees on the card (`clickResult`), as a Lark click shows its toast.
        const said = (answer.userPrivateData as { cardParamMap?: Record<string, string> } | undefined)?.cardParamMap?.clickResult;
        const { t } = wordsOf(ctx, config.locale);
        ctx.body = { message: said ?? t('sandbox.clicked', { person: person.name, action: input.data.params.action ?? t('sandbox.aButton') }) };
      } else {
        const { messageId, value, tag, option } = input.data;
        const answer = await sandbox.lark.click({ appId: SANDBOX.lark.appId, openId: person.larkOpenId, messageId, value, ...(tag && { tag }), ...(option && { option }) });
        ctx.body = { message: answer.toast?.content ?? wordsOf(ctx, config.locale).t('sandbox.done') };
      }
    } catch (error) {
      // The local platform's own words: the card was not Gong's, or Gong did not answer in time.
      fail(502, (error as Error).message);
    }
  });

  router.post('/say', signedIn, async (ctx) => {
    const input = say.safeParse(await readJson(ctx));
    if (!input.success) fail(400, describeIssue(input.error.issues[0]));
    const person = sandboxPerson(input.data.person);
    const text = input.data.text.replace(/^\s*@gong\b\s*/i, '');
    try {
      if (input.data.platform === 'dingtalk') {
        await sandbox.dingtalk.say({ conversationId: SANDBOX.dingtalk.conversationId, userId: person.dingtalkId, nick: person.name, text, atRobot: true });
      } else {
        await sandbox.lark.say({ appId: SANDBOX.lark.appId, chatId: SANDBOX.lark.chatId, openId: person.larkOpenId, name: person.name, text });
      }
      ctx.body = { message: wordsOf(ctx, config.locale).t('sandbox.sent') };
    } catch (error) {
      fail(502, (error as Error).message);
    }
  });

  router.post('/fire', signedIn, async (ctx) => {
    const source = config.sources[0]!;
    const parsed = parsePayload('generic', sampleFiring());
    if (!parsed.ok) fail(500, parsed.error);
    const result = await deps.alerts.ingest(source.name, parsed.alerts);
    const { t } = wordsOf(ctx, config.locale);
    ctx.body = { message: result.opened.length ? t('sandbox.fired', { id: result.opened[0]! }) : t('sandbox.firedAgain'), ...result };
  });

  router.post('/fire-group', signedIn, async (ctx) => {
    const source = config.sources[0]!;
    const parsed = parsePayload('generic', sampleGroup());
    if (!parsed.ok) fail(500, parsed.error);
    const result = await deps.alerts.ingest(source.name, parsed.alerts);
    const incident = result.opened[0] ?? result.joined[0];
    ctx.body = { message: wordsOf(ctx, config.locale).t('sandbox.groupFired', { id: incident ?? '', count: parsed.alerts.length }), ...result };
  });

  return router;
}
