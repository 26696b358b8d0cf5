import { z } from 'zod';
import { listWebhookDeliveries } from '../../alerts/outbound-webhooks.js';
import { alertStats } from '../../alerts/stats.js';
import type { ParsedConfig } from '../../config/schema.js';
import type { Db } from '../../db/client.js';
import { localDay } from '../../domain/daily-times.js';
import { onCallNow } from '../../people/oncall-now.js';
import { describeIssue } from '../../shared/describe-issue.js';
import { fail } from '../http-error.js';
import { adminTokenGuard } from '../auth.js';
import { GuardedRouter } from '../../shared/guarded-router.js';

const statsQuery = z.object({
  from: z.iso.datetime({ offset: true, error: 'expected an ISO date-time such as 2026-03-01T00:00:00+08:00' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'expected an ISO date-time such as 2026-03-02T00:00:00+08:00' }).optional(),
});

const deliveriesQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export interface RoutingApiDeps {
  adminToken: string;
  config: Pick<ParsedConfig, 'schedules' | 'timezone'>;
  db: Db;
}

/** On-call, schedules, statistics and outbound webhook deliveries under `/api/v1`. */
export function routingApiRoutes(deps: RoutingApiDeps): GuardedRouter {
  const { config } = deps;
  const router = new GuardedRouter('/api/v1');
  const admin = adminTokenGuard(deps.adminToken);

  router.get('/oncall', admin, (ctx) => {
    ctx.body = { oncall: onCallNow(config) };
  });

  router.get('/schedules', admin, (ctx) => {
    const now = new Map(onCallNow(config).map((entry) => [entry.schedule, entry]));
    ctx.body = {
      schedules: config.schedules.map((schedule) => ({
        name: schedule.name,
        timezone: schedule.timezone ?? config.timezone,
        rotation: { ...schedule.rotation, handoff: schedule.rotation.handoff.text },
        overrides: schedule.overrides,
        oncall: { now: now.get(schedule.name)?.now ?? null, next: now.get(schedule.name)?.next ?? null },
      })),
    };
  });

  // Without a range: today so far, in the configured time zone.
  router.get('/stats', admin, async (ctx) => {
    const query = statsQuery.safeParse(ctx.query);
    if (!query.success) fail(400, describeIssue(query.error.issues[0]));
    const to = query.data.to ? new Date(query.data.to) : new Date();
    const from = query.data.from ? new Date(query.data.from) : localDay(to, config.timezone).from;
    if (from >= to) fail(400, 'from: must be before to');
    ctx.body = { from: from.toISOString(), to: to.toISOString(), ...(await alertStats(deps.db, from, to)) };
  });

  router.get('/webhooks/deliveries', admin, async (ctx) => {
    const query = deliveriesQuery.safeParse(ctx.query);
    if (!query.success) fail(400, describeIssue(query.error.issues[0]));
    const rows = await listWebhookDeliveries(deps.db, query.data);
    ctx.body = { deliveries: rows };
  });

  return router;
}
