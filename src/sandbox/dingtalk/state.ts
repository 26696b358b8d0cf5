import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';

/** One DingTalk app (enterprise internal app with a robot), as configured on the platform. */
export interface SandboxApp {
  clientId: string;
  clientSecret: string;
  /** The app robot's code; DingTalk uses the AppKey unless the admin set another. */
  robotCode: string;
}

/** A custom (webhook) robot added to a group by an admin. */
export interface SandboxCustomRobot {
  accessToken: string;
  secret?: string;
  keywords: string[];
  /** The group whose timeline shows this robot's messages, if any. */
  conversationId?: string;
}

export interface SandboxGroup {
  conversationId: string;
  title: string;
  /** robotCodes of the app robots that were added to this group. */
  robotCodes: string[];
}

export interface SandboxCard {
  outTrackId: string;
  /** clientId of the app that created the card: its Stream connection gets the callbacks. */
  clientId: string;
  cardTemplateId: string;
  callbackType: string;
  cardParamMap: Record<string, string>;
  /** Per-user private data, keyed by userId. */
  privateData: Record<string, Record<string, string>>;
  conversationIds: string[];
  updatedAt: number;
}

/** Everything visible in a group's timeline. */
export type GroupMessage =
  | { kind: 'user'; id: string; at: number; userId: string; nick: string; text: string }
  | { kind: 'card'; id: string; at: number; outTrackId: string; robotCode: string; atUserIds: Record<string, string> }
  | {
      kind: 'robot';
      id: string;
      at: number;
      robotCode: string;
      msgKey: string;
      msgParam: Record<string, unknown>;
      processQueryKey: string;
      recalled: boolean;
    }
  | { kind: 'session'; id: string; at: number; robotCode: string; body: Record<string, unknown>; mentioned: string[] }
  | {
      kind: 'customRobot';
      id: string;
      at: number;
      accessToken: string;
      body: Record<string, unknown>;
      mentioned: string[];
    };

/** A sessionWebhook handed out with a group message; replies through it are allowed until it expires. */
export interface SandboxSession {
  conversationId: string;
  robotCode: string;
  expiresAt: number;
}

/** Distributes Omit over the union so each message kind keeps its own fields. */
export type NewGroupMessage = GroupMessage extends infer M ? (M extends GroupMessage ? Omit<M, 'id' | 'at'> : never) : never;

export interface AckRecord {
  messageId: string;
  topic: string;
  connectionId: string;
  at: number;
  /** The parsed `data` of the ACK frame. */
  data: unknown;
}

export type ChangeEvent =
  | { type: 'message'; conversationId: string; message: GroupMessage }
  | { type: 'card'; outTrackId: string; cardParamMap: Record<string, string> }
  | { type: 'recall'; conversationId: string; processQueryKey: string };

/**
 * The platform's memory: apps, groups, cards, timelines and the records tests read.
 * Route modules mutate it; every visible change is emitted as 'change' so a page can follow live.
 */
export class SandboxState {
  readonly events = new EventEmitter();
  readonly apps = new Map<string, SandboxApp>();
  readonly groups = new Map<string, SandboxGroup>();
  readonly cards = new Map<string, SandboxCard>();
  readonly customRobots = new Map<string, SandboxCustomRobot>();
  readonly sessions = new Map<string, SandboxSession>();
  /** Every accepted custom robot message by access token, whether or not the robot has a group here. */
  readonly customRobotMessages = new Map<string, Array<{ at: number; body: Record<string, unknown> }>>();
  readonly acks: AckRecord[] = [];
  readonly calls = new Map<string, number>();
  /** Display names seen in clicks and messages (real card callbacks carry only the userId). */
  readonly userNicks = new Map<string, string>();
  private readonly timelines = new Map<string, GroupMessage[]>();

  constructor(readonly now: () => number) {}

  countCall(endpoint: string): void {
    this.calls.set(endpoint, (this.calls.get(endpoint) ?? 0) + 1);
  }

  appByRobotCode(robotCode: string): SandboxApp | undefined {
    for (const app of this.apps.values()) if (app.robotCode === robotCode) return app;
    return undefined;
  }

  timeline(conversationId: string): readonly GroupMessage[] {
    return this.timelines.get(conversationId) ?? [];
  }

  post(conversationId: string, message: NewGroupMessage): GroupMessage {
    const full = { ...message, id: randomUUID(), at: this.now() } as GroupMessage;
    const list = this.timelines.get(conversationId) ?? [];
    list.push(full);
    this.timelines.set(conversationId, list);
    this.emitChange({ type: 'message', conversationId, message: full });
    return full;
  }

  emitChange(event: ChangeEvent): void {
    this.events.emit('change', event);
  }
}
