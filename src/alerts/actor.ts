export type ActorPlatform = 'dingtalk' | 'lark' | 'wecom' | 'api' | 'source' | 'system' | 'cli' | 'console';

/** Who did something, and through which door. `name` is what people see on the timeline. */
export interface Actor {
  name: string;
  platform: ActorPlatform;
  /** The platform's own id (DingTalk staffId, Lark open_id), kept for mentions and linking. */
  id?: string;
}
