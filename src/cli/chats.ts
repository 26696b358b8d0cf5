import type { Command } from 'commander';
import { dataDirHolder } from '../db/data-dir-lock.js';
import type { CliConfig } from './cli-config.js';
import { UsageError } from './errors.js';
import { CHAT_FLAGS, flagTermsOf } from './flag-errors.js';
import { GongApiError, gongApi } from './gong-api-client.js';

interface ChatOptions {
  type?: string;
  chatId?: string;
  conversationId?: string;
  app?: string;
  webhook?: string;
  secret?: string;
  keywords?: string;
  format?: string;
  publish?: string;
  dailyStats?: string;
}

/**
 * `gong chats …` talks to the running Gong over its API: only the server holds the channels
 * that send test messages and pick up new chats at once.
 */
export function registerChatCommands(program: Command, config: CliConfig): void {
  const chats = program
    .command('chats')
    .description('list, add, edit, remove and test chats on the running Gong')
    .option('--url <url>', 'where Gong runs (default: $GONG_URL, else where the Gong on this data directory answers, else http://127.0.0.1:<server.port>)');
  const call = async (method: string, path: string, body?: unknown) => {
    const runtime = config.runtime();
    const base = chats.opts().url ?? process.env.GONG_URL ?? dataDirHolder(runtime.dataDir)?.url ?? `http://127.0.0.1:${runtime.server.port}`;
    const api = gongApi(base, runtime.server.adminToken, 'is it running? (--url or GONG_URL says where)');
    const { status, answer } = await api(method, `/api/v1/chats${path}`, body);
    // A 400 is about what the flags said: the server's words, with the flag for the field.
    if (status === 400) throw new UsageError(flagTermsOf(String(answer.error ?? `HTTP ${status}`), CHAT_FLAGS));
    if (status >= 400 && !('ok' in answer)) throw new GongApiError(String(answer.error ?? `HTTP ${status}`));
    return { status, answer };
  };
  const fields = (sub: Command) =>
    sub
      .option('-t, --type <type>', 'dingtalk | lark | dingtalk-webhook | lark-webhook | wecom-webhook')
      .option('--chat-id <id>', 'Lark group chat_id (oc_…)')
      .option('--conversation-id <id>', 'DingTalk openConversationId (cid…)')
      .option('--app <name>', 'which configured app serves the group, when there are several')
      .option('--webhook <url>', 'custom robot/bot webhook URL (write-only)')
      .option('--secret <secret>', 'custom robot/bot signing secret (write-only)')
      .option('--keywords <list>', 'comma-separated keyword whitelist')
      .option('--format <format>', 'WeCom robot cards: template_card | markdown')
      .option('--publish <kinds>', 'changes also posted as messages, comma separated (escalations,assignments,acknowledgements,resolutions,comments); "" for none')
      .option('--daily-stats <times>', 'daily statistics times, HH:MM comma separated; "" for none');

  chats
    .command('list')
    .option('-q, --query <keyword>', 'only chats whose name, type, id or keywords contain this')
    .action(async (options: { query?: string }) => {
      const { chats: list } = (await call('GET', options.query ? `?q=${encodeURIComponent(options.query)}` : '')).answer as { chats: Record<string, unknown>[] };
      for (const chat of list) {
        const target = chat.broken ? `BROKEN: ${String(chat.reason)}` : (chat.chatId ?? chat.conversationId ?? chat.webhook);
        console.log(`${chat.name}\t${chat.type}\t${chat.origin === 'database' ? 'database' : `${chat.origin} (read-only)`}\t${target}`);
      }
      if (list.length === 0) console.log('no chats');
    });

  fields(chats.command('add <name>').description('create a chat')).action(async (name: string, options: ChatOptions) => {
    const { checkNewChat } = await import('./chat-flags.js');
    const fields = { name, ...body(options) };
    // Checked here first, with the schema the API uses, to name the flags of every problem at once.
    checkNewChat(fields);
    const { answer: created } = await call('POST', '', fields);
    console.log(`created ${created.name} (${created.type})`);
  });

  fields(chats.command('edit <name>').description('change a chat; omitted options keep their values')).action(async (name: string, options: ChatOptions) => {
    const { checkChatEdit } = await import('./chat-flags.js');
    const fields = body(options);
    const current = await call('GET', `/${encodeURIComponent(name)}`).catch(() => undefined);
    checkChatEdit(name, typeof current?.answer.type === 'string' ? current.answer.type : undefined, fields);
    await call('PUT', `/${encodeURIComponent(name)}`, fields);
    console.log(`saved ${name}`);
  });

  chats
    .command('rm <name>')
    .description('delete a chat created from the API, CLI or console')
    .action(async (name: string) => {
      await call('DELETE', `/${encodeURIComponent(name)}`);
      console.log(`deleted ${name}`);
    });

  chats
    .command('test <name>')
    .description('send a test message and show what the platform answered')
    .action(async (name: string) => {
      const { answer: result } = await call('POST', `/${encodeURIComponent(name)}/test`);
      if (!result.ok) throw new GongApiError(`test message to ${name} failed: ${String(result.error)}`);
      console.log(`test message sent to ${name}: the platform answered ${String(result.answer)}`);
    });
}

function body(options: ChatOptions): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({
      type: options.type,
      chatId: options.chatId,
      conversationId: options.conversationId,
      app: options.app,
      webhook: options.webhook,
      secret: options.secret,
      keywords: list(options.keywords),
      format: options.format,
      publish: list(options.publish),
      dailyStats: list(options.dailyStats),
    }).filter(([, value]) => value !== undefined),
  );
}

function list(text: string | undefined): string[] | undefined {
  return text?.split(',').map((item) => item.trim()).filter(Boolean);
}
