import type { Locale } from '../cards/strings.js';

/** What the sandbox's drawing of a group adds around the messages, in the group's chat's language. */
const WORDS = {
  en: { recalled: '(recalled)', customRobot: 'Custom robot', customBot: 'Custom bot' },
  'zh-CN': { recalled: '（消息已撤回）', customRobot: '自定义机器人', customBot: '自定义机器人' },
} as const satisfies Record<Locale, Record<string, string>>;

export type SandboxWords = (typeof WORDS)[Locale];

export function sandboxWords(locale: Locale): SandboxWords {
  return WORDS[locale];
}
