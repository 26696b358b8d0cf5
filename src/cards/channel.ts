import type { AlertView } from './alert-view.js';
import type { Locale } from './strings.js';

/** Someone a message @-mentions, with each platform's own id where known. */
export interface Person {
  name: string;
  /** DingTalk userId (staffId). */
  dingtalk?: string;
  /** Lark open_id of the app that posts. */
  lark?: string;
  /** WeCom userid (`<@userid>` in markdown, `mentioned_list` in text). */
  wecom?: string;
  mobile?: string;
}

/** A message that is not an alert card: escalation steps, statistics, storm summaries, tests. */
export interface Notice {
  kind: 'escalation' | 'update' | 'stats' | 'storm' | 'test';
  title: string;
  /** Markdown, with every value from outside already escaped. */
  markdown: string;
  mentions?: Person[];
  /** The alert card to answer under, where the platform has threads (Lark). */
  replyToRef?: string;
  /** The chat's template set, language and folder, for the notice's frame; `default`, zh-CN when absent. */
  templates?: Omit<TemplateChoice, 'kind'>;
}

export type ChannelKind = 'dingtalk' | 'dingtalk-webhook' | 'lark' | 'lark-webhook' | 'wecom-webhook';

/** Which templates one message is drawn with: the chat's type, set, language and templates folder. */
export interface TemplateChoice {
  kind: ChannelKind;
  set?: string;
  locale: Locale;
  /** `templates/` of the install unless configured (`templatesDir`). */
  dir?: string;
}

/**
 * One configured chat, as the card jobs see it. Each platform implements it; the jobs never
 * learn which platform they are talking to.
 */
export interface AlertChannel {
  readonly chat: string;
  readonly kind: ChannelKind;
  /**
   * Posts the alert's card. `key` is the same on every retry for this alert and chat, so the
   * platform's own idempotency (DingTalk outTrackId, Lark uuid) prevents a second card.
   * Returns the platform's handle for later updates.
   */
  postAlert(view: AlertView, key: string): Promise<string>;
  updateAlert(ref: string, view: AlertView): Promise<void>;
  /** Posts a notice; `key` makes a retried post idempotent where the platform allows it. */
  postNotice(notice: Notice, key: string): Promise<string>;
  /** How many messages posting this notice takes, where that can be more than one (WeCom). */
  messagesOf?(notice: Notice): number;
  /** Buzzes people about a posted message (Lark urgent: in-app, SMS or phone); absent where the platform has none. */
  urgent?(ref: string, kind: 'app' | 'sms' | 'phone', people: Person[]): Promise<void>;
}
