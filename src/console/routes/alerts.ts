import type { GuardedRouter } from '../../shared/guarded-router.js';
import type { ConsolePage } from '../layout.js';
import { parseId } from '../../http/routes/alerts-api.js';
import { incidentNotFound } from './incidents.js';

/**
 * Addresses from before incidents: an alert's page is its incident's page now (every alert of
 * then became the incident of the same number), so old links and bookmarks keep working.
 */
export function consoleAlertRoutes(router: GuardedRouter, page: ConsolePage): void {
  // Storm summaries link to `/console/alerts?summary=…`: the incident list is where those alerts are.
  router.get('/alerts', page.signedIn, (ctx) => ctx.redirect('/console/incidents'));
  router.get('/alerts/:id', page.signedIn, (ctx) => {
    const id = parseId(ctx.params.id);
    if (!id) return incidentNotFound(ctx, page);
    ctx.redirect(`/console/incidents/${id}`);
  });
}
