import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAlertService, type AlertService } from '../../src/alerts/service.js';
import type { ChatConfig } from '../../src/config/schema.js';
import type { Database } from '../../src/db/client.js';
import { type JobQueue, startJobQueue } from '../../src/db/job-queue.js';
import { createDispatch } from '../../src/interactions/dispatch.js';
import type { CommandInteraction, CommandReply } from '../../src/platforms/transport.js';
import type { NormalizedAlert } from '../../src/sources/normalized-alert.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';
import { memoryInteractions } from '../helpers/memory-interactions.js';
import { podAlert as pod } from '../helpers/pod-alert.js';

// Commands on incidents through the one entry every transport uses, with the real alert service on
// the test database (PGlite, or Postgres with TEST_DATABASE_URL): chats and people in memory.

const CHATS: ChatConfig[] = [
  { name: 'ops', type: 'dingtalk', conversationId: 'cidOps', app: 'dingtalk', publish: [], dailyStats: [] },
  { name: 'db', type: 'lark', chatId: 'oc_db', locale: 'zh-CN', publish: [], dailyStats: [] },
];

let database: Database;
let jobs: JobQueue;
let service: AlertService;
let ask: (text: string, group?: 'en' | 'zh') => Promise<CommandReply>;
// As people read it: the platforms show Gong's escapes (`&#35;`) as the characters.
const say = async (text: string, group?: 'en' | 'zh') => (await ask(text, group)).markdown.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

beforeAll(async () => {
  database = await testDatabase();
  jobs = await startJobQueue(database, testLogger);
  service = createAlertService({ db: database.db, jobs, timeZone: 'UTC', route: () => [] });
  const memory = memoryInteractions({ chats: CHATS, users: { 'u-li': 'Li Lei', ou_mei: 'Han Meimei' }, service, config: { server: { publicUrl: 'https://gong.test' } } });
  const dispatch = createDispatch(memory.deps);
  let event = 0;
  // A DingTalk group (English, Gong's language) or a Lark group whose chat speaks Chinese.
  ask = async (text, group = 'en') => {
    const message: CommandInteraction = group === 'en'
      ? { kind: 'command', platform: 'dingtalk', actor: { platform: 'dingtalk', app: 'dingtalk', id: 'u-li', name: 'u-li' }, target: { group: 'cidOps' }, text, mentions: [], dedupeKey: `ev-${++event}`, respond: vi.fn(async () => {}) }
      : { kind: 'command', platform: 'lark', actor: { platform: 'lark', app: 'lark', id: 'ou_mei', name: 'ou_mei' }, target: { group: 'oc_db' }, text, mentions: [], dedupeKey: `ev-${++event}`, respond: vi.fn(async () => {}) };
    return (await dispatch(message)) as CommandReply;
  };
});
afterAll(async () => {
  await jobs.stop();
  await database.close();
});

let serial = 0;

/** One notification with a pod alert per name: one incident; its id and its alerts' ids, in order. */
async function incidentOf(...names: string[]): Promise<{ id: number; alerts: number[]; group: string }> {
  const group = `g${++serial}`;
  const [id] = (await service.ingest('am', names.map((name) => pod(name, group)))).opened;
  const { alerts } = await service.incidentAlerts(id!);
  return { id: id!, alerts: alerts.map((alert) => alert.id), group };
}

describe('show', () => {
  it('shows an incident with its alerts: status, the labels that tell them apart, counts, and a console link for the rest', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `api-${i}`);
    const { id, alerts, group } = await incidentOf(...names);
    await service.ingest('am', [{ ...pod('api-1', group), status: 'resolved' }]);

    const reply = await say(`show ${id}`);
    expect(reply).toContain(`**#${id} PodCrashLooping**`);
    expect(reply).toContain('**12 alerts**: 11 firing, 1 resolved');
    expect(reply).toContain(`\`${alerts[0]}\` 🔥 firing · pod=api-0`);
    expect(reply).toContain(`\`${alerts[1]}\` ✅ resolved · pod=api-1`);
    // The labels every alert shares are the incident's, not each alert's.
    expect(reply).not.toMatch(/🔥 firing ·[^\n]*node=/);
    // The first ten alerts, and the rest a link away.
    expect(reply).toContain(`\`${alerts[9]}\``);
    expect(reply).not.toContain(`\`${alerts[10]}\``);
    expect(reply).toContain(`[+ 2 more in the console](https://gong.test/console/incidents/${id})`);
    // The timeline in sentences, not event types.
    expect(reply).toContain('opened by am');
    expect(reply).toContain('am resolved 1 alert');
    expect(reply).not.toContain('alerts-resolved');
  });

  it('lists fewer alerts when their titles and labels would make the reply too big for the platform', async () => {
    const group = `g${++serial}`;
    // Markdown characters arrive escaped, five bytes each: ten such alerts outgrow a DingTalk message.
    const loud = (i: number): NormalizedAlert => ({ ...pod(`p${i}`, group), title: `${i}${'#'.repeat(300)}`, labels: { alertname: 'Loud', a: `${i}${'<'.repeat(200)}`, b: '*'.repeat(200), c: `${i}${'['.repeat(200)}` } });
    const [id] = (await service.ingest('am', Array.from({ length: 10 }, (_, i) => loud(i)))).opened;
    expect(Buffer.byteLength((await ask(`show ${id}`)).markdown)).toBeLessThan(15_000);
    const reply = await say(`show ${id}`);
    expect(reply).toContain('**10 alerts**: 10 firing, 0 resolved');
    expect(reply).toMatch(new RegExp(`\\[\\+ \\d more in the console\\]\\(https://gong\\.test/console/incidents/${id}\\)`));
  });

  it('words the timeline of a group in Chinese for a Chinese chat, and lists no alerts for an incident of one', async () => {
    const { id, group } = await incidentOf('a');
    await service.ingest('am', [pod('b', group), pod('c', group)]);
    const reply = await say(`show #${id}`, 'zh');
    expect(reply).toContain('**共 3 条告警**：3 条仍在告警，0 条已恢复');
    expect(reply).toContain('新加入 2 条告警');
    expect(reply).not.toContain('控制台');

    const single = await say(`show ${(await incidentOf('alone')).id}`);
    expect(single).not.toContain('alerts**');
  });

  it('names the incident holding an alert whose id is no incident, and says when neither exists', async () => {
    // Every incident holds an alert of its own, so the last of ten alerts has an id no incident has yet.
    const { id: holder, alerts } = await incidentOf(...Array.from({ length: 10 }, (_, i) => `x${i}`));
    const alertOnly = alerts.at(-1)!;
    expect(await service.get(alertOnly)).toBeUndefined();
    expect(await say(`show ${alertOnly}`)).toBe(`Alert ${alertOnly} is in incident #${holder}: send \`show ${holder}\`.`);
    expect(await say(`show ${alertOnly}`, 'zh')).toBe(`告警 ${alertOnly} 属于故障 #${holder}，发送 \`show ${holder}\` 查看。`);
    expect(await say('show 999999')).toBe('There is no incident or alert #999999. Send `list` to see the open incidents.');
  });
});

describe('list', () => {
  it('lists incidents with their alert counts', async () => {
    const { id, group } = await incidentOf('a', 'b', 'c');
    await service.ingest('am', [{ ...pod('c', group), status: 'resolved' }]);
    const single = await incidentOf('solo');
    const reply = await say('list all');
    expect(reply).toContain('**Latest incidents**');
    expect(reply).toContain(`#${id} PodCrashLooping — Triggered · 3 alerts, 2 firing`);
    expect(reply).toContain(`#${single.id} PodCrashLooping — Triggered · 1 alert`);
    expect(await say('list all', 'zh')).toContain(`#${id} PodCrashLooping — 告警中 · 3 条告警，2 条仍在告警`);
  });
});

describe('merge', () => {
  it('merges with or without "into", as the person writing, and says how many alerts the incident now holds', async () => {
    const target = await incidentOf('a', 'b');
    const merged = await incidentOf('c');
    expect(await say(`merge ${merged.id} into #${target.id}`)).toBe(`Merged #${merged.id} into #${target.id} PodCrashLooping: 3 alerts, 3 firing.`);
    expect(await service.get(merged.id)).toMatchObject({ mergedInto: target.id, state: 'resolved' });
    const events = await service.timeline(target.id);
    expect(events.at(-1)).toMatchObject({ type: 'merged', actor: 'Li Lei', platform: 'dingtalk' });

    const another = await incidentOf('d');
    expect(await say(`merge ${another.id} ${target.id}`, 'zh')).toBe(`已将 #${another.id} 合并到 #${target.id} PodCrashLooping：共 4 条告警，4 条仍在告警。`);
    const shown = await say(`show ${target.id}`);
    expect(shown).toContain(`Li Lei merged #${merged.id} (1 alert) into this incident (DingTalk)`);
    expect(await say(`show ${merged.id}`)).toContain(`Li Lei merged this incident into #${target.id} (DingTalk)`);
  });

  it('refuses the same incident, one already merged, and names an incident that does not exist', async () => {
    const target = await incidentOf('a', 'b');
    const merged = await incidentOf('c');
    expect(await say(`merge ${target.id} into ${target.id}`)).toBe(`Cannot merge #${target.id} into #${target.id}: that is the same incident.`);
    expect(await say(`merge ${target.id} into ${target.id}`, 'zh')).toBe(`无法将 #${target.id} 合并到 #${target.id}：这是同一个故障。`);
    await say(`merge ${merged.id} into ${target.id}`);
    expect(await say(`merge ${merged.id} into ${target.id}`)).toBe(`Cannot merge #${merged.id} into #${target.id}: it was merged into #${target.id}; act on #${target.id} instead.`);
    expect(await say(`merge ${merged.id} into ${target.id}`, 'zh')).toBe(`无法将 #${merged.id} 合并到 #${target.id}：该故障已合并到 #${target.id}，请对 #${target.id} 操作。`);
    expect(await say(`merge 999998 into ${target.id}`)).toBe('There is no incident #999998. Send `list` to see the open incidents.');
    expect(await say(`merge ${target.id} into 999998`)).toBe('There is no incident #999998. Send `list` to see the open incidents.');
  });

  it('answers a merge it cannot read with its usage', async () => {
    expect(await say('merge 43 onto 42')).toBe('usage: `merge <id> into <id>`');
  });
});

describe('split', () => {
  it('splits an alert off by its id or its fingerprint into a new incident, told on both timelines', async () => {
    const { id, alerts, group } = await incidentOf('a', 'b', 'c');
    const byId = await say(`split ${id} ${alerts[1]}`);
    const [, fresh] = /into a new incident: #(\d+) /.exec(byId) ?? [];
    expect(byId).toBe(`Split off #${id} into a new incident: #${fresh} PodCrashLooping.`);
    expect(await service.incidentOfAlert(alerts[1]!)).toBe(Number(fresh));

    expect(await say(`split ${id} ${group}-c`, 'zh')).toMatch(new RegExp(`^已从 #${id} 拆出新故障 #\\d+ PodCrashLooping。$`));
    expect(await service.get(id)).toMatchObject({ alertCount: 1 });
    expect(await say(`show ${id}`)).toContain(`Li Lei split 1 alert off into #${fresh} (DingTalk)`);
    expect(await say(`show ${fresh}`, 'zh')).toContain(`Li Lei 从 #${id} 拆出告警，成为本故障（钉钉）`);
  });

  it('refuses an alert the incident does not hold and its last alert, and names a missing incident', async () => {
    const { id, alerts } = await incidentOf('a');
    expect(await say(`split ${id} no-such-print`)).toBe(`Cannot split alert no-such-print off #${id}: alert no-such-print is not in this incident.`);
    expect(await say(`split ${id} ${alerts[0]}`)).toBe(`Cannot split alert ${alerts[0]} off #${id}: it is the incident's only alert, so there is nothing to split off.`);
    expect(await say(`split ${id} ${alerts[0]}`, 'zh')).toBe(`无法从 #${id} 拆出告警 ${alerts[0]}：这是故障中唯一的告警，无需拆分。`);
    expect(await say('split 999997 1')).toBe('There is no incident #999997. Send `list` to see the open incidents.');
  });
});

describe('help', () => {
  it('lists every command with what it does, in both languages', async () => {
    const en = await say('help');
    const zh = await say('help', 'zh');
    for (const usage of ['ack <id>', 'show <id>', 'list [open|mine|all]', 'merge <id> into <id>', 'split <id> <alert>', 'oncall', 'help']) {
      expect(en).toContain(`\`${usage}\` — `);
      expect(zh).toContain(`\`${usage}\` — `);
    }
    expect(en).toContain('move every alert of the first incident into the second');
    expect(zh).toContain('把前一个故障的告警全部并入后一个故障');
  });
});
