import { Hono } from 'hono';
import { z } from 'zod';
import { changesFeed } from '../atom.ts';
import { NotFound, PAGE_SIZE, parseQuery, positive } from '../http.ts';
import { outletPage, outletsPage } from '../pages/outlet.ts';
import { FEED_SIZE, siteOf, type ArchiveDeps } from '../site.ts';

const pageQuery = z.object({ after: positive.optional() }).strict();

/** `/outlets`: the outlets, each one's articles, and each one's feed. */
export function outletRoutes(deps: ArchiveDeps): Hono {
  const { store } = deps;
  const { base, render, atom } = siteOf(deps);
  const routes = new Hono();

  routes.get('/', async (c) => render(c, 'Outlets', outletsPage(await store.archive.outlets())));

  routes.get('/:name', async (c) => {
    const outlet = c.req.param('name');
    const query = parseQuery(c, pageQuery);
    const found = await store.archive.articles({ outlet, after: query.after, limit: PAGE_SIZE });
    if (found.total === 0) throw new NotFound(`no outlet "${outlet}"`);
    if (query.after !== undefined && found.articles.length === 0)
      throw new NotFound(`there are no articles of ${outlet} after ${query.after}`);
    return render(c, outlet, outletPage({ outlet, ...found, after: query.after }), {
      href: `/outlets/${encodeURIComponent(outlet)}/feed.atom`,
      title: `Changes at ${outlet}`,
    });
  });

  routes.get('/:name/feed.atom', async (c) => {
    const outlet = c.req.param('name');
    if ((await store.archive.articles({ outlet, limit: 1 })).total === 0) throw new NotFound(`no outlet "${outlet}"`);
    const { changes } = await store.archive.changes({ outlet, limit: FEED_SIZE });
    return atom(
      c,
      changesFeed({
        base: base(c),
        self: `${base(c)}/outlets/${encodeURIComponent(outlet)}/feed.atom`,
        title: `${deps.botName}: changes at ${outlet}`,
        botName: deps.botName,
        changes,
      }),
    );
  });

  return routes;
}
