import { Hono } from 'hono';
import { z } from 'zod';
import { changesFeed } from '../atom.ts';
import { BadRequest, idParam, NotFound, parseQuery, positive } from '../http.ts';
import { articlePage } from '../pages/article.ts';
import { sideBySide } from '../side-by-side.ts';
import { FEED_SIZE, siteOf, type ArchiveDeps } from '../site.ts';

/** Consecutive pairs shown by default on an article page. */
const MAX_PAIRS = 10;
const articleQuery = z.object({ from: positive.optional(), to: positive.optional() }).strict();

/** `/articles/:id`: an article's history side by side, with the posts about each change, and its feed. */
export function articleRoutes(deps: ArchiveDeps): Hono {
  const { store } = deps;
  const { base, render, atom } = siteOf(deps);
  const routes = new Hono();

  routes.get('/:id', async (c) => {
    const id = idParam(c);
    const query = parseQuery(c, articleQuery);
    const article = await store.articles.byId(id);
    if (!article) throw new NotFound(`no article ${id}`);
    const versions = await store.versions.all(id);
    const changes = await store.versions.changes(id);
    const posts = await store.archive.editPosts(id);
    const bySeq = new Map(versions.map((v) => [v.seq, v]));
    let pairs: [number, number][];
    if (query.from !== undefined || query.to !== undefined) {
      const to = query.to ?? versions[versions.length - 1]?.seq ?? 1;
      const from = query.from ?? to - 1;
      for (const seq of [from, to])
        if (!bySeq.has(seq)) throw new NotFound(`article ${id} has no version ${seq} (it has ${versions.length})`);
      if (from === to) throw new BadRequest('from and to must name two different versions');
      pairs = [[Math.min(from, to), Math.max(from, to)]];
    } else {
      // The latest changes; older pairs are a choice in the form away, so a long history stays one light page.
      pairs = versions
        .slice(1)
        .map((v, i) => [versions[i]!.seq, v.seq] as [number, number])
        .reverse()
        .slice(0, MAX_PAIRS);
    }
    const comparisons = pairs.map(([from, to]) => {
      const a = bySeq.get(from)!;
      const b = bySeq.get(to)!;
      // The posts about a change belong to the pair it was found between.
      const change = changes.find((ch) => ch.fromVersionId === a.id && ch.toVersionId === b.id);
      return {
        from: a,
        to: b,
        rows: sideBySide(a.article, b.article),
        posts: change ? posts.filter((p) => p.change_id === change.id) : [],
      };
    });
    const selected =
      query.from !== undefined || query.to !== undefined ? { from: pairs[0]![0], to: pairs[0]![1] } : null;
    return render(
      c,
      article.headline ?? article.url,
      articlePage({
        article,
        versions,
        changeCount: changes.filter((ch) => !ch.minor).length,
        minorVersions: new Set(changes.filter((ch) => ch.minor).map((ch) => ch.toVersionId)),
        comparisons,
        selected,
        olderPairs: selected ? 0 : Math.max(0, versions.length - 1 - comparisons.length),
      }),
      { href: `/articles/${id}/feed.atom`, title: 'Changes to this article' },
    );
  });

  routes.get('/:id/feed.atom', async (c) => {
    const id = idParam(c);
    const article = await store.articles.byId(id);
    if (!article) throw new NotFound(`no article ${id}`);
    const { changes } = await store.archive.changes({ articleId: id, limit: FEED_SIZE });
    return atom(
      c,
      changesFeed({
        base: base(c),
        self: `${base(c)}/articles/${id}/feed.atom`,
        title: `${deps.botName}: changes to “${article.headline ?? article.url}”`,
        botName: deps.botName,
        changes,
      }),
    );
  });

  return routes;
}
