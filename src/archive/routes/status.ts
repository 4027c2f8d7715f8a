import { Hono } from 'hono';
import { describePolicy } from '../../schedule/policy.ts';
import { statusPage } from '../pages/status.ts';
import { siteOf, type ArchiveDeps } from '../site.ts';

/** `/status`: the queue, the outbox, requests, feeds, failing articles and the schedule. */
export function statusRoutes(deps: ArchiveDeps): Hono {
  const { store } = deps;
  const { render } = siteOf(deps);
  const routes = new Hono();

  routes.get('/', async (c) => {
    const now = Date.now();
    return render(
      c,
      'Status',
      statusPage({
        queue: await store.articles.queueStats(new Date(now).toISOString(), new Date(now - 10 * 60_000).toISOString()),
        posts: await store.outbox.countByState(),
        requests: await store.requests.counts(),
        feeds: await store.feeds.list(),
        failing: await store.articles.withErrors(20),
        schedule: describePolicy(deps.policy),
      }),
    );
  });

  return routes;
}
