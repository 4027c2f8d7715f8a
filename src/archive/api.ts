import { Hono } from 'hono';
import { z } from 'zod';
import type { Store } from '../store/index.ts';
import { articleJson, changeJson, changeListingJson, versionJson } from './json.ts';
import { idParam, NotFound, PAGE_SIZE, parseQuery, positive, searchWords } from './http.ts';

const paging = z.object({ after: positive.optional() }).strict();

/** The JSON API: articles, their versions and changes, and recent changes. Errors are {error}. */
export function apiRoutes(store: Store): Hono {
  const api = new Hono();
  const article = async (id: number) => {
    const row = await store.articles.byId(id);
    if (!row) throw new NotFound(`no article ${id}`);
    return row;
  };
  /** The address of the next page (its `after`, the other parameters kept), or null on the last. */
  const nextOf = (path: string, next: number | null, params: Record<string, string | undefined> = {}) => {
    if (next === null) return null;
    const kept = Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]));
    return `${path}?${new URLSearchParams([...kept, ['after', String(next)]]).toString()}`;
  };
  const nothingAfter = (after: number | undefined, rows: unknown[]) => {
    if (after !== undefined && rows.length === 0) throw new NotFound(`there is nothing after ${after}`);
  };

  api.get('/articles', async (c) => {
    const { after } = parseQuery(c, paging);
    const { total, next, articles } = await store.archive.articles({ after, limit: PAGE_SIZE });
    nothingAfter(after, articles);
    return c.json({
      total,
      next: nextOf('/api/articles', next),
      articles: articles.map((a) => articleJson(a, { versionCount: a.versionCount, changeCount: a.changeCount })),
    });
  });

  api.get('/articles/:id', async (c) => {
    parseQuery(c, z.object({}).strict());
    const row = await article(idParam(c));
    const versions = await store.versions.all(row.id);
    const changes = await store.versions.changes(row.id);
    return c.json({
      ...articleJson(row, { versionCount: versions.length, changeCount: changes.filter((c) => !c.minor).length }),
      versions: versions.map((v) => ({ seq: v.seq, fetchedAt: v.fetchedAt, headline: v.article.headline })),
      links: {
        versions: `/api/articles/${row.id}/versions`,
        changes: `/api/articles/${row.id}/changes`,
        page: `/articles/${row.id}`,
      },
    });
  });

  api.get('/articles/:id/versions', async (c) => {
    parseQuery(c, z.object({}).strict());
    const row = await article(idParam(c));
    return c.json({ article: row.id, versions: (await store.versions.all(row.id)).map(versionJson) });
  });

  api.get('/articles/:id/changes', async (c) => {
    parseQuery(c, z.object({}).strict());
    const row = await article(idParam(c));
    const seq = new Map((await store.versions.all(row.id)).map((v) => [v.id, v.seq]));
    return c.json({
      article: row.id,
      changes: (await store.versions.changes(row.id)).map((ch) => changeJson(ch, (id) => seq.get(id) ?? 0)),
    });
  });

  api.get('/changes', async (c) => {
    const query = parseQuery(c, paging.extend({ q: searchWords.optional() }));
    const q = query.q || undefined;
    const { total, capped, next, changes } = await store.archive.changes({ q, after: query.after, limit: PAGE_SIZE });
    nothingAfter(query.after, changes);
    // `capped`: a search counts and lists the changes of its SEARCH_ARTICLES newest matching articles only.
    return c.json({
      total,
      capped,
      next: nextOf('/api/changes', next, { q }),
      changes: changes.map(changeListingJson),
    });
  });

  return api;
}
