import { z } from 'zod';
import { hasCredentials, splitCredentials } from './alertmanager-credentials.js';
import { cardOptionsSchema } from './card-options.js';
import { httpUrl, parsesAsUrl } from './url-schema.js';
import { chatExtras, escalationSchema, routeSchema, scheduleSchema, userSchema, webhookSchema } from './routing-schema.js';

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'expected a name of letters, digits, "-" or "_" (at most 63)');
const secret = z.string().min(1, 'must not be empty');

const source = z
  .strictObject({
    name,
    type: z.enum(['alertmanager', 'grafana', 'generic']),
    token: z.string().min(8, 'expected a token of at least 8 characters'),
    /** Where Gong writes silences back when an alert from this source is snoozed; `user:password@` for basic auth. */
    alertmanagerUrl: httpUrl('http://alertmanager:9093').optional(),
    /** Sent as `Authorization: Bearer …`, like Alertmanager's own `authorization: { credentials }`. */
    alertmanagerToken: secret.optional(),
    /** How often a snoozed alert is looked up in Alertmanager, which mutes its resolution (default 60). */
    silenceCheckSeconds: z.number().int().min(1).max(3600).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.alertmanagerToken && !value.alertmanagerUrl) {
      ctx.addIssue({ code: 'custom', path: ['alertmanagerToken'], message: 'needs alertmanagerUrl, the Alertmanager it is for' });
    }
    if (value.alertmanagerToken && value.alertmanagerUrl && hasCredentials(value.alertmanagerUrl)) {
      ctx.addIssue({ code: 'custom', path: ['alertmanagerToken'], message: 'give either user:password in alertmanagerUrl or alertmanagerToken, not both' });
    }
  })
  // Credentials leave the URL here, once: everything after config load sees a plain URL and a header.
  .transform(({ alertmanagerUrl, alertmanagerToken, ...rest }): typeof rest & { alertmanagerUrl?: string; alertmanagerAuthorization?: string } => {
    if (!alertmanagerUrl) return rest;
    const split = splitCredentials(alertmanagerUrl);
    const authorization = alertmanagerToken ? `Bearer ${alertmanagerToken}` : split.authorization;
    return { ...rest, alertmanagerUrl: split.url, ...(authorization && { alertmanagerAuthorization: authorization }) };
  });

const dingtalkApp = z.strictObject({
  name: name.optional(),
  clientId: secret,
  clientSecret: secret,
  robotCode: z.string().optional(),
  cardTemplateId: z.string().optional(),
  apiBase: httpUrl('https://api.dingtalk.com').default('https://api.dingtalk.com'),
});

const larkApp = z.strictObject({
  name: name.optional(),
  appId: z.string().regex(/^cli_[0-9a-fA-F]{16}$/, 'expected an App ID like cli_a1b2c3d4e5f6a7b8'),
  appSecret: secret,
  domain: z
    .union([z.enum(['feishu', 'lark']), httpUrl('https://open.feishu.cn', 'feishu, lark, or an http(s) URL')])
    .default('feishu'),
  events: z.enum(['websocket', 'http']).default('websocket'),
  /** Verifies and decrypts `events: http` (X-Lark-Signature); one of the two is required then. */
  encryptKey: secret.optional(),
  verificationToken: secret.optional(),
});

const keywords = z.array(z.string().min(1)).max(10).optional();

/** How a chat's cards read: which template set, which language, which labels and links. */
const cardOptions = {
  /** A folder `templates/<platform>/<template>/`; the kinds it lacks come from `default`. */
  template: name.optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
  labels: z
    .strictObject({ include: z.array(z.string().min(1)).optional(), exclude: z.array(z.string().min(1)).optional() })
    .optional(),
  /** Extra links from annotations, e.g. `{ title: Logs, annotation: logs_url }`. */
  links: z.array(z.strictObject({ title: z.string().min(1).max(50), annotation: z.string().min(1) })).max(5).optional(),
  /** Which facts the cards show and the title's format, e.g. `{ fields: [source, labels], title: '{{title}}' }`. */
  card: cardOptionsSchema.optional(),
};

const perUnit = z.number().int().positive().optional();
/** How a chat takes bursts: overrides of its platform limits and when to fold a storm. */
const delivery = {
  rateLimit: z.strictObject({ perSecond: perUnit, perMinute: perUnit }).optional(),
  storm: z
    .strictObject({
      /** New alerts a minute above which the rest are folded into a summary. */
      threshold: z.number().int().positive().optional(),
      groupBy: z.array(z.string().min(1)).default([]),
      refreshSeconds: z.number().int().min(5).default(30),
    })
    .optional(),
};

const chat = z.discriminatedUnion('type', [
  z.strictObject({ name, type: z.literal('dingtalk'), conversationId: secret, app: name.optional(), ...chatExtras, ...cardOptions, ...delivery }),
  z.strictObject({
    name,
    ...delivery,
    type: z.literal('dingtalk-webhook'),
    webhook: httpUrl('https://oapi.dingtalk.com/robot/send?access_token=…'),
    secret: z.string().startsWith('SEC', 'expected the robot secret, which starts with SEC').optional(),
    keywords,
    ...chatExtras,
    ...cardOptions,
  }),
  z.strictObject({ name, type: z.literal('lark'), chatId: secret, app: name.optional(), ...chatExtras, ...cardOptions, ...delivery }),
  z.strictObject({ name, type: z.literal('lark-webhook'), webhook: httpUrl('https://open.feishu.cn/open-apis/bot/v2/hook/…'), secret: z.string().optional(), keywords, ...chatExtras, ...cardOptions, ...delivery }),
  z.strictObject({
    name,
    type: z.literal('wecom-webhook'),
    webhook: httpUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…').refine(
      (value) => !parsesAsUrl(value) || new URL(value).searchParams.has('key'),
      'expected the robot URL with its ?key=…, such as https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    ),
    format: z.enum(['template_card', 'markdown']).default('template_card'),
    ...chatExtras,
    ...cardOptions,
    ...delivery,
  }),
]);

/** One chat, as the config file, the API and the console accept it. */
export const chatSchema = chat;

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      port: z.coerce.number().int().min(0).max(65_535).default(8080),
      host: z.string().default('0.0.0.0'),
      publicUrl: httpUrl('https://gong.example.com').optional(),
      adminToken: z.string().min(16, 'expected at least 16 characters').optional(),
    })
    .prefault({}),
  database: z.strictObject({ url: z.string().optional() }).prefault({}),
  timezone: z
    .string()
    .refine((zone) => isTimeZone(zone), 'expected an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  /** Where template sets are read from; the install's `templates/` when absent (see README "Card templates"). */
  templatesDir: z.string().min(1).optional(),
  sources: z.array(source).optional(),
  dingtalk: z.union([dingtalkApp, z.array(dingtalkApp).min(1)]).optional(),
  lark: z.union([larkApp, z.array(larkApp).min(1)]).optional(),
  chats: z.array(chat).default([]),
  routes: z.array(routeSchema).default([]),
  users: z.array(userSchema).default([]),
  schedules: z.array(scheduleSchema).default([]),
  escalations: z.array(escalationSchema).default([]),
  webhooks: z.array(webhookSchema).default([]),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type SourceConfig = z.output<typeof source>;
export type ChatConfig = z.output<typeof chat>;
export type DingTalkAppConfig = z.output<typeof dingtalkApp>;
export type LarkAppConfig = z.output<typeof larkApp>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
