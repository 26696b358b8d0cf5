import type { Context } from 'koa';
import { z } from 'zod';
import { eventJson, FIRST_ALERTS, incidentAlertJson, incidentJson } from '../../db/alert-json.js';
import type { AlertService } from '../../alerts/service.js';
import type { RegroupResult } from '../../alerts/regroup.js';
import { describeIssue } from '../../shared/describe-issue.js';
import { fail } from '../http-error.js';
import { readJson } from '../read-json.js';
import { adminTokenGuard } from '../auth.js';
import { GuardedRouter } from '../../shared/guarded-router.js';
import { actionBody, MAX_ID, parseId, readListQuery, runAction } from './alerts-api.js';

const incidentNumber = z.number().int().positive().max(MAX_ID);
const actor = z.string().min(1).max(200).default('api');

/** `{ type: 'merge', from }` merges `from` into this incident; `{ type: 'merge', into }` merges this one into `into`. */
const mergeBody = z
  .object({ type: z.literal('merge'), from: incidentNumber.optional(), into: incidentNumber.optional(), actor })
  .refine((body) => (body.from === undefined) !== (body.into === undefined), {
    path: ['from'],
    message: 'give exactly one of from (the incident to merge into this one) or into (the incident to merge this one into)',
  });
/** `{ type: 'split', alert }`: the alert (its id, or its fingerprint) moves out into a new incident. */
const splitBody = z.object({
  type: z.literal('split'),
  alert: z.union([incidentNumber, z.string().trim().min(1).max(200)], { error: 'expected an alert id or fingerprint' }),
  actor,
});
const regroupBody = z.discriminatedUnion('type', [mergeBody, splitBody], { error: 'expected "merge" or "split"' });

const alertsPage = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.coerce.number().int().positive().max(MAX_ID).optional(),
});

/**
 * The incidents under `/api/v1/incidents` (admin token): list, one with its first alerts, its
 * alerts paged, its timeline, and actions (the lifecycle's, merge and split).
 */
export function incidentApiRoutes(deps: { adminToken: string; alerts: AlertService }): GuardedRouter {
  const { alerts } = deps;
  const router = new GuardedRouter('/api/v1');
  const admin = adminTokenGuard(deps.adminToken);

  /** The incident of the path, or a 400 / 404 that says what the number is not. */
  const incidentOf = async (ctx: Context) => {
    const id = parseId(ctx.params.id);
    if (!id) fail(400, 'id: expected a positive incident number');
    const incident = await alerts.get(id);
    return incident ?? notFound(id);
  };
  const notFound = async (id: number): Promise<never> => {
    // People type the number they see; an alert's own id names the incident that holds it.
    const holder = await alerts.incidentOfAlert(id);
    fail(404, `there is no incident #${id}${holder ? `; alert ${id} is in incident #${holder}` : ''}`);
  };

  router.get('/incidents', admin, async (ctx) => {
    const page = await alerts.list(readListQuery(ctx));
    ctx.body = { incidents: page.alerts.map(incidentJson), nextCursor: page.nextCursor };
  });

  router.get('/incidents/:id', admin, async (ctx) => {
    const incident = await incidentOf(ctx);
    const first = await alerts.incidentAlerts(incident.id, { limit: FIRST_ALERTS });
    ctx.body = { ...incidentJson(incident), alerts: first.alerts.map(incidentAlertJson), alertsNextCursor: first.nextCursor };
  });

  router.get('/incidents/:id/alerts', admin, async (ctx) => {
    const query = alertsPage.safeParse(ctx.query);
    if (!query.success) fail(400, describeIssue(query.error.issues[0]));
    const incident = await incidentOf(ctx);
    const page = await alerts.incidentAlerts(incident.id, query.data);
    ctx.body = { alerts: page.alerts.map(incidentAlertJson), total: page.total, firing: page.firing, nextCursor: page.nextCursor };
  });

  router.get('/incidents/:id/timeline', admin, async (ctx) => {
    const incident = await incidentOf(ctx);
    ctx.body = { timeline: (await alerts.timeline(incident.id)).map(eventJson) };
  });

  router.post('/incidents/:id/actions', admin, async (ctx) => {
    const id = parseId(ctx.params.id);
    if (!id) fail(400, 'id: expected a positive incident number');
    const body = await readJson(ctx);
    if (body && typeof body === 'object' && 'type' in body) {
      const parsed = regroupBody.safeParse(body);
      if (!parsed.success) fail(400, describeIssue(parsed.error.issues[0]));
      const request = parsed.data;
      const who = { name: request.actor, platform: 'api' as const };
      const result =
        request.type === 'split'
          ? await alerts.split({ incident: id, alert: request.alert, actor: who })
          : await alerts.merge({ into: request.from ? id : request.into!, from: request.from ?? id, actor: who });
      await answerRegroup(ctx, request.type === 'merge' ? 'merged' : 'split', result);
      return;
    }
    const result = await runAction(alerts, id, actionBody.safeParse(body));
    if (!result.ok && result.code === 'not_found') return notFound(id);
    ctx.status = result.ok ? 200 : 409;
    ctx.body = result.ok
      ? { ok: true, event: result.event, duplicate: result.duplicate, incident: incidentJson(result.alert) }
      : { ok: false, error: result.reason, duplicate: result.duplicate, incident: incidentJson(result.alert) };
  });

  /** Merge: `incident` stayed and took the alerts, `other` was merged away. Split: `incident` is the new one, `other` the one it left. */
  async function answerRegroup(ctx: Context, event: 'merged' | 'split', result: RegroupResult): Promise<void> {
    if (!result.ok && result.code === 'not_found') fail(404, result.reason);
    if (!result.ok) {
      ctx.status = 409;
      ctx.body = { ok: false, error: result.reason, refusal: result.refusal.code };
      return;
    }
    ctx.body = { ok: true, event, incident: incidentJson(result.incident), other: incidentJson(result.other) };
  }

  return router;
}
