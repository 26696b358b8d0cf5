import type { Context } from 'koa';
import { z } from 'zod';
import { alertJson, eventJson } from '../../db/alert-json.js';
import type { AlertService } from '../../alerts/service.js';
import type { ActResult } from '../../alerts/act.js';
import { parseAction } from '../../domain/parse-action.js';
import { describeIssue } from '../../shared/describe-issue.js';
import { findUnstorableText, UNSTORABLE_MESSAGE } from '../../shared/storable-text.js';
import { fail } from '../http-error.js';
import { readJson } from '../read-json.js';
import { adminTokenGuard } from '../auth.js';
import { GuardedRouter } from '../../shared/guarded-router.js';

/** The largest id Postgres' `serial` holds. */
export const MAX_ID = 2_147_483_647;

const listQuery = z.object({
  state: z.enum(['triggered', 'acknowledged', 'resolved', 'open']).optional(),
  source: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  assignee: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.coerce.number().int().positive().max(MAX_ID).optional(),
});

export const actionBody = z.object({
  action: z.string().max(32),
  actor: z.string().min(1).max(200).default('api'),
  args: z.record(z.string(), z.unknown()).default({}),
  dedupeKey: z.string().min(1).max(200).optional(),
});

const alertId = z.coerce.number().int().positive().max(MAX_ID);

/** The REST API under `/api/v1`: every route takes the admin token. */
export function alertApiRoutes(deps: { adminToken: string; alerts: AlertService }): GuardedRouter {
  const { alerts } = deps;
  const router = new GuardedRouter('/api/v1');
  const admin = adminTokenGuard(deps.adminToken);

  router.get('/alerts', admin, async (ctx) => {
    const page = await alerts.list(readListQuery(ctx));
    ctx.body = { alerts: page.alerts.map(alertJson), nextCursor: page.nextCursor };
  });

  router.get('/alerts/:id', admin, async (ctx) => {
    const id = parseId(ctx.params.id);
    if (!id) fail(400, 'id: expected a positive alert number');
    const alert = await alerts.get(id);
    if (!alert) fail(404, `there is no alert #${id}`);
    ctx.body = { ...alertJson(alert), timeline: (await alerts.timeline(id)).map(eventJson) };
  });

  router.post('/alerts/:id/actions', admin, async (ctx) => {
    const id = parseId(ctx.params.id);
    if (!id) fail(400, 'id: expected a positive alert number');
    const result = await runAction(alerts, id, actionBody.safeParse(await readJson(ctx)));
    if (!result.ok && result.code === 'not_found') fail(404, result.reason);
    ctx.status = result.ok ? 200 : 409;
    ctx.body = result.ok
      ? { ok: true, event: result.event, duplicate: result.duplicate, alert: alertJson(result.alert) }
      : { ok: false, error: result.reason, duplicate: result.duplicate, alert: alertJson(result.alert) };
  });

  return router;
}

/** The filters of a list (`state`, `source`, `q`, `assignee`, `limit`, `cursor`), or a 400 naming the one that is wrong. */
export function readListQuery(ctx: Context): z.infer<typeof listQuery> {
  const query = listQuery.safeParse(ctx.query);
  if (!query.success) fail(400, describeIssue(query.error.issues[0]));
  const unstorable = findUnstorableText(query.data);
  if (unstorable) fail(400, `${unstorable}: ${UNSTORABLE_MESSAGE}`);
  return query.data;
}

/**
 * A lifecycle action (`{ action, actor, args, dedupeKey }`) on the incident `id`: a 400 naming
 * what is wrong with the body, else the outcome.
 */
export async function runAction(
  alerts: AlertService,
  id: number,
  body: ReturnType<typeof actionBody.safeParse>,
): Promise<ActResult> {
  if (!body.success) fail(400, describeIssue(body.error.issues[0]));
  const parsed = parseAction(body.data.action, body.data.args);
  if (!parsed.ok) fail(400, parsed.error);
  return alerts.act({
    alertId: id,
    action: parsed.action,
    actor: { name: body.data.actor, platform: 'api' },
    dedupeKey: body.data.dedupeKey && `api:${body.data.dedupeKey}`,
  });
}

/** An alert number from a path segment (`42` or `#42`); undefined when it cannot be one. */
export function parseId(value: string | undefined): number | undefined {
  const parsed = alertId.safeParse(value?.replace(/^#/, ''));
  return parsed.success ? parsed.data : undefined;
}
