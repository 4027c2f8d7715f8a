import { Hono } from 'hono';
import { z } from 'zod';
import { changesFeed } from '../atom.ts';
import { NotFound, PAGE_SIZE, parseQuery, positive, searchWords } from '../http.ts';
import { homePage } from '../pages/home.ts';
import { FEED_SIZE, siteOf, type ArchiveDeps } from '../site.ts';

const listQuery = z.object({ after: positive.optional(), q: searchWords.optional() }).strict();

/** `/`: recent changes (or those a search finds), and their feed. */
export function changeRoutes(deps: ArchiveDeps): Hono {
  const { store } = deps;
  const { base, render, atom } = siteOf(deps);
  const routes = new Hono();

  routes.get('/', async (c) => {
    const query = parseQuery(c, listQuery);
    const found = await store.archive.changes({ q: query.q || undefined, after: query.after, limit: PAGE_SIZE });
    if (query.after !== undefined && found.changes.length === 0)
      throw new NotFound(`there are no changes after ${query.after}`);
    return render(
      c,
      query.q ? `Search: ${query.q}` : 'Recent changes',
      homePage({ ...found, q: query.q || undefined, after: query.after }),
      { href: '/feed.atom', title: 'All changes' },
    );
  });

  routes.get('/feed.atom', async (c) => {
    parseQuery(c, z.object({}).strict());
    const { changes } = await store.archive.changes({ limit: FEED_SIZE });
    return atom(
      c,
      changesFeed({
        base: base(c),
        self: `${base(c)}/feed.atom`,
        title: `${deps.botName}: changes to news articles`,
        botName: deps.botName,
        changes,
      }),
    );
  });

  return routes;
}
