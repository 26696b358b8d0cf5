import { EventEmitter } from 'node:events';
import type { AckRecord, SandboxChat, SandboxMember, StoredMessage, UrgentRecord } from './types.js';

export interface ChatState {
  chatId: string;
  name: string;
  appIds: Set<string>;
  members?: Map<string, string>;
}

/**
 * Everything the local Lark server remembers. It emits `change` after every mutation so a web
 * page (or a test) can follow the chats live without polling.
 */
export class LarkStore extends EventEmitter {
  readonly chats = new Map<string, ChatState>();
  readonly messages = new Map<string, StoredMessage>();
  readonly urgents: UrgentRecord[] = [];
  readonly acks: AckRecord[] = [];
  /** Every member of every chat by open_id, as the contact API shows them. */
  readonly people = new Map<string, SandboxMember>();
  private readonly calls = new Map<string, number>();
  private nextId = 1;

  addChat(chat: SandboxChat, allAppIds: string[]): void {
    this.chats.set(chat.chatId, {
      chatId: chat.chatId,
      name: chat.name ?? chat.chatId,
      appIds: new Set(chat.appIds ?? allAppIds),
      ...(chat.members && { members: new Map(chat.members.map((m) => [m.openId, m.name])) }),
    });
    for (const member of chat.members ?? []) this.people.set(member.openId, member);
    this.changed({ kind: 'chat', chatId: chat.chatId });
  }

  /** Ids shaped like the platform's, unique per server, so tests can tell them apart by prefix. */
  id(prefix: string): string {
    return `${prefix}${(this.nextId++).toString(16).padStart(8, '0')}${Math.random().toString(16).slice(2, 10)}`;
  }

  putMessage(m: StoredMessage): void {
    this.messages.set(m.messageId, m);
    this.changed({ kind: 'message', chatId: m.chatId, messageId: m.messageId });
  }

  updateContent(messageId: string, content: string, at: number): void {
    const m = this.messages.get(messageId);
    if (!m) return;
    m.content = content;
    m.updateTime = at;
    this.changed({ kind: 'message', chatId: m.chatId, messageId });
  }

  chatMessages(chatId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.chatId === chatId);
  }

  addUrgent(u: UrgentRecord): void {
    this.urgents.push(u);
    this.changed({ kind: 'urgent', messageId: u.messageId });
  }

  addAck(a: AckRecord): void {
    this.acks.push(a);
    this.changed({ kind: 'ack', eventId: a.eventId });
  }

  count(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }

  callCount(name: string): number {
    return this.calls.get(name) ?? 0;
  }

  private changed(detail: Record<string, string>): void {
    this.emit('change', detail);
  }
}
