export type ActorPlatform = 'dingtalk' | 'lark' | 'wecom' | 'api' | 'source' | 'system' | 'cli' | 'console';

/** Who did something, and through which door. `name` is what people see on the timeline. */
export interface Actor {
  name: string;
  platform: ActorPlatform;
  /** The platform's own id (DingTalk staffId, Lark open_id), kept for mentions and linking. */
  id?: string;
  /** The chat app the event arrived on: the id above is as that app sees the person. */
  app?: string;
  /** What the platform told about the person besides the id, to find the user they are. */
  contact?: { unionId?: string; mobile?: string; email?: string };
}
