import type { Logger } from 'pino';
import { type ChatConfig, chatSchema, type ParsedConfig } from '../config/schema.js';
import type { ViewOptions } from '../cards/alert-view.js';
import { describeIssue } from '../shared/describe-issue.js';
import { type ChatOrigin, SECRET_FIELDS } from './chat-json.js';
import { type BrokenChat, type ChatStore, storable } from './chat-store.js';
import { UserError } from '../shared/user-error.js';

export interface ChatEntry {
  chat: ChatConfig;
  origin: ChatOrigin;
}

/** Where a chat's channel comes from: the running platforms. */
export interface ChannelHost {
  /** Builds the chat's channel; false when its platform app is not configured here. */
  attach(chat: ChatConfig): boolean;
  detach(name: string): void;
}

export type ChatErrorCode = 'invalid' | 'not_found' | 'conflict' | 'read_only';

/** A refused change to the chats, with a message that says what to do instead. */
export class ChatError extends UserError {
  constructor(
    readonly code: ChatErrorCode,
    message: string,
    /** For `invalid`: where in the chat the refused value is (`['chatId']`), so a form can point at its field. */
    readonly path: readonly PropertyKey[] = [],
  ) {
    super(message);
  }
}

/** What every chat's look falls back to: the config file's top-level settings. */
export type LookDefaults = Pick<ParsedConfig, 'locale' | 'timezone' | 'templatesDir'>;

/**
 * How one chat wants everything Gong sends it (cards, summaries, notices, replies, click answers):
 * its own template set, locale, card options, labels and links over Gong's. Worked out only here;
 * running code asks the registry's `look(name)`, which sees database chats too.
 */
export function chatLook(defaults: LookDefaults, chat?: ChatConfig): ViewOptions {
  return {
    locale: chat?.locale ?? defaults.locale,
    timeZone: defaults.timezone,
    ...(defaults.templatesDir && { templatesDir: defaults.templatesDir }),
    ...(chat?.card && { card: chat.card }),
    ...(chat?.template && { template: chat.template }),
    ...(chat?.labels && { labels: chat.labels }),
    ...(chat?.links && { links: chat.links }),
  };
}

/** The platform group an app chat posts to: DingTalk's openConversationId or Lark's chat_id. */
export function groupOf(chat: ChatConfig): string | undefined {
  if (chat.type === 'lark') return chat.chatId;
  if (chat.type === 'dingtalk') return chat.conversationId;
  return undefined;
}

/**
 * Every chat Gong posts to: the config file's (read-only) and the database's (created from the
 * API, CLI or console). A database chat gets its channel the moment it is saved.
 */
export function createChatRegistry(config: LookDefaults & { chats: readonly ChatConfig[]; sandboxChats?: readonly string[] }, store: ChatStore, host: ChannelHost, logger: Logger) {
  const configChats = config.chats;
  const stored = new Map<string, ChatConfig>();
  /** Stored rows the schema refuses: skipped, and shown with their reason until fixed or deleted. */
  const broken = new Map<string, BrokenChat>();
  // One change at a time: a sync that read the table just before a create must not undo it.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run);
    tail = result.catch(() => {});
    return result;
  };
  const fromConfig = new Map(configChats.map((chat) => [chat.name, chat]));
  const builtIn = new Set(config.sandboxChats ?? []);

  const entry = (name: string): ChatEntry | undefined => {
    const configured = fromConfig.get(name);
    if (configured) return { chat: configured, origin: builtIn.has(name) ? 'sandbox' : 'config' };
    const saved = stored.get(name);
    return saved && { chat: saved, origin: 'database' };
  };
  /** The stored chat, or undefined for a broken row (which only a whole new chat can replace). */
  const writable = (name: string): ChatConfig | undefined => {
    if (builtIn.has(name)) throw new ChatError('read_only', `chat "${name}" is built into the sandbox; create a chat of your own instead`);
    if (fromConfig.has(name)) throw new ChatError('read_only', `chat "${name}" is defined in the config file; change it there`);
    const saved = stored.get(name);
    if (!saved && !broken.has(name)) throw new ChatError('not_found', `there is no chat named "${name}"`);
    return saved;
  };

  const syncNow = async (): Promise<void> => {
    const rows = await store.all();
    const current = new Map(rows.chats.filter((chat) => !fromConfig.has(chat.name)).map((chat) => [chat.name, chat]));
    noteBroken(rows.broken.filter((row) => !fromConfig.has(row.name)));
    for (const name of stored.keys()) {
      if (current.has(name)) continue;
      stored.delete(name);
      host.detach(name);
    }
    for (const [name, chat] of current) {
      const known = stored.get(name);
      if (known && JSON.stringify(known) === JSON.stringify(chat)) continue;
      if (known) host.detach(name);
      stored.set(name, chat);
      host.attach(chat);
    }
  };
  /** Logs each broken row once (again only if its reason changes); the rest keep working. */
  const noteBroken = (rows: BrokenChat[]): void => {
    const now = new Map(rows.map((row) => [row.name, row]));
    for (const name of broken.keys()) if (!now.has(name)) broken.delete(name);
    for (const [name, row] of now) {
      if (broken.get(name)?.reason !== row.reason) {
        logger.error({ chat: name, type: row.type, reason: row.reason }, 'stored chat is invalid; it gets no messages until it is fixed or deleted');
      }
      broken.set(name, row);
    }
  };

  return {
    /**
     * Brings this instance up to the database: chats another instance created, changed or
     * deleted get (or lose) their channel here too. Run at start-up, then every few seconds,
     * since card jobs for a chat may run on any instance.
     */
    sync: (): Promise<void> => exclusive(syncNow),
    list(q?: string): ChatEntry[] {
      const all = [...fromConfig.keys(), ...stored.keys()].map((name) => entry(name)!);
      const needle = q?.trim().toLowerCase();
      return needle ? all.filter(({ chat }) => searchText(chat).includes(needle)) : all;
    },
    get: entry,
    names: (): string[] => [...fromConfig.keys(), ...stored.keys()],
    /** Stored rows that are not valid chats, with the reason; `q` searches their name and type. */
    broken(q?: string): BrokenChat[] {
      const needle = q?.trim().toLowerCase();
      const all = [...broken.values()];
      return needle ? all.filter((row) => `${row.name} ${row.type}`.toLowerCase().includes(needle)) : all;
    },
    brokenChat: (name: string): BrokenChat | undefined => broken.get(name),
    /** The look of the named chat, from the config file or the database; Gong's own for any other name. */
    look: (name?: string): ViewOptions => chatLook(config, name === undefined ? undefined : entry(name)?.chat),
    /** The app chat Gong keeps for a platform group (where a command or a forgotten card's click came from). */
    ofGroup(type: 'lark' | 'dingtalk', group: string): ChatConfig | undefined {
      return [...fromConfig.values(), ...stored.values()].find((chat) => chat.type === type && groupOf(chat) === group);
    },

    create: (input: unknown): Promise<ChatEntry> => exclusive(async () => {
      const chat = validate(input);
      if (fromConfig.has(chat.name)) throw new ChatError('conflict', `chat "${chat.name}" is ${builtIn.has(chat.name) ? 'built into the sandbox' : 'defined in the config file'}`);
      if (!(await store.insert(chat))) throw new ChatError('conflict', `chat "${chat.name}" already exists`);
      stored.set(chat.name, chat);
      host.attach(chat);
      return { chat, origin: 'database' as const };
    }),

    /** Omitted secrets keep their stored values (the API never shows them, so nobody can resend them). */
    update: (name: string, body: Record<string, unknown>): Promise<ChatEntry> => exclusive(async () => {
      // Another instance may have created, changed or deleted it since the last sync.
      await syncNow();
      const current = writable(name);
      const input = { ...body };
      if (input.name !== undefined && input.name !== name) throw new ChatError('invalid', 'name: a chat cannot be renamed; create a new one', ['name']);
      // Same type: what is not sent keeps its value (secrets too, even sent empty); a new type, or
      // a broken row, starts afresh.
      const sameType = current !== undefined && (input.type === undefined || input.type === current.type);
      const kept = sameType ? { ...storable(current), ...keepSecrets(current, input) } : {};
      const chat = validate({ ...(current && { type: current.type }), ...kept, ...input, name });
      await store.update(chat);
      broken.delete(name);
      stored.set(name, chat);
      host.detach(name);
      host.attach(chat);
      return { chat, origin: 'database' as const };
    }),

    remove: (name: string): Promise<void> => exclusive(async () => {
      await syncNow();
      writable(name);
      await store.remove(name);
      broken.delete(name);
      stored.delete(name);
      host.detach(name);
    }),
  };
}

export type ChatRegistry = ReturnType<typeof createChatRegistry>;

/** `null` removes a field (an optional one, such as `app`), as leaving it out cannot in an update. */
function validate(input: unknown): ChatConfig {
  const present = input && typeof input === 'object' && !Array.isArray(input) ? Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null)) : input;
  const parsed = chatSchema.safeParse(present);
  if (!parsed.success) throw new ChatError('invalid', describeIssue(parsed.error.issues[0]), parsed.error.issues[0]?.path ?? []);
  return parsed.data;
}

function keepSecrets(current: ChatConfig, input: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const field of SECRET_FIELDS) {
    const value = (current as Record<string, unknown>)[field];
    if (value !== undefined && (input[field] === undefined || input[field] === '')) kept[field] = value;
  }
  // An empty secret field in a form means "unchanged", not "remove it".
  for (const field of SECRET_FIELDS) if (input[field] === '') delete input[field];
  return kept;
}

/** What a keyword search looks at: never the secrets. */
function searchText(chat: ChatConfig): string {
  const ids = 'chatId' in chat ? chat.chatId : 'conversationId' in chat ? chat.conversationId : '';
  const keywords = 'keywords' in chat ? (chat.keywords ?? []).join(' ') : '';
  return `${chat.name} ${chat.type} ${ids} ${keywords} ${'app' in chat ? (chat.app ?? '') : ''}`.toLowerCase();
}
