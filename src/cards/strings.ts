export type Locale = 'zh-CN' | 'en';

const EN = {
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
  ack: 'Acknowledge',
  unack: 'Unacknowledge',
  resolve: 'Resolve',
  reopen: 'Reopen',
  assignMe: 'Assign to me',
  assignTo: 'Assign to…',
  snooze: 'Snooze',
  source: 'Source',
  assignee: 'Assignee',
  started: 'Started',
  duration: 'Duration',
  escalation: 'Escalation',
  count: 'Occurrences',
  severity: 'Severity',
  snoozedUntil: 'Snoozed until',
  silenceFailed: 'Alertmanager silence failed',
  labels: 'Labels',
  nobody: 'nobody',
  generator: 'Source graph',
  dashboard: 'Dashboard',
  runbook: 'Runbook',
  alerts: 'Alerts',
  firingOfAll: 'firing / alerts',
  // The sentences below are filled by `fill`: `{name}` is replaced by its value.
  alertCounts: '{firing} firing · {resolved} resolved · {total} alerts',
  moreAlerts: '+ {n} more',
  mergedInto: 'Merged into #{id}',
  /** The status line of an acknowledged or resolved incident: who, and at what time. */
  acknowledgedBy: 'Acknowledged by {who} at {time}',
  resolvedBy: 'Resolved by {who} at {time}',
  /** Resolved by its source (every alert ended), not by a person. */
  recovered: 'Resolved by {who} at {time}',
  /** A button that snoozes for one of the card's durations. */
  snoozeFor: 'Snooze {duration}',
  /** The link a WeCom client draws under a card whose whole surface opens a page. */
  viewDetails: 'View details',
} as const;

const ZH: Record<keyof typeof EN, string> = {
  triggered: '告警中',
  acknowledged: '已认领',
  resolved: '已恢复',
  critical: '严重',
  warning: '警告',
  info: '提示',
  ack: '认领',
  unack: '取消认领',
  resolve: '解决',
  reopen: '重新打开',
  assignMe: '分配给我',
  assignTo: '分配给…',
  snooze: '静默',
  source: '来源',
  assignee: '处理人',
  started: '开始时间',
  duration: '持续时间',
  escalation: '升级',
  count: '触发次数',
  severity: '级别',
  snoozedUntil: '静默至',
  silenceFailed: 'Alertmanager 静默失败',
  labels: '标签',
  nobody: '无',
  generator: '来源图表',
  dashboard: '仪表盘',
  runbook: '处理手册',
  alerts: '告警',
  firingOfAll: '告警中 / 总数',
  alertCounts: '共 {total} 条告警：{firing} 条仍在告警，{resolved} 条已恢复',
  moreAlerts: '还有 {n} 条',
  mergedInto: '已合并到 #{id}',
  acknowledgedBy: '{who} 于 {time} 认领',
  resolvedBy: '{who} 于 {time} 解决',
  recovered: '已于 {time} 恢复',
  snoozeFor: '静默 {duration}',
  viewDetails: '查看详情',
};

export type StringKey = keyof typeof EN;

export function strings(locale: Locale): Record<StringKey, string> {
  return locale === 'en' ? EN : ZH;
}

/** The doors people act through, as the timeline names them ("via"). */
const PLATFORM_NAMES: Record<Locale, Record<string, string>> = {
  en: { dingtalk: 'DingTalk', lark: 'Lark', wecom: 'WeCom', api: 'API', cli: 'CLI', console: 'console' },
  'zh-CN': { dingtalk: '钉钉', lark: '飞书', wecom: '企业微信', api: 'API', cli: '命令行', console: '控制台' },
};

/** A platform's name in the locale; an unknown one as it is. */
export function platformName(platform: string, locale: Locale): string {
  return PLATFORM_NAMES[locale][platform] ?? platform;
}

/** A sentence of `strings` with its `{name}` placeholders filled. */
export function fill(sentence: string, values: Record<string, string | number>): string {
  return sentence.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}
