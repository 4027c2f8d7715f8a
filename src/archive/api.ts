import { Hono } from 'hono';
import { z } from 'zod';
import type { Store } from '../store/index.ts';
import { articleJson, changeJson, changeListingJson, versionJson } from './json.ts';
import { idParam, NotFound, PAGE_SIZE, parseQuery, positive, searchWords } from './http.ts';

const paging = z.object({ page: positive.optional() }).strict();

/** The JSON API: articles, their versions and changes, and recent changes. Errors are {error}. */
export function apiRoutes(store: Store): Hono {
  const api = new Hono();
  const article = async (id: number) => {
    const row = await store.articles.byId(id);
    if (!row) throw new NotFound(`no article ${id}`);
    return row;
  };
  const pageOf = (total: number, pageNo: number) => {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (pageNo > pages) throw new NotFound(`there is no page ${pageNo}; the last is ${pages}`);
    return { page: pageNo, pages, total };
  };

  api.get('/articles', async (c) => {
    const pageNo = parseQuery(c, paging).page ?? 1;
    const { total, articles } = await store.archive.articles({ offset: (pageNo - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    return c.json({
      ...pageOf(total, pageNo),
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
    const pageNo = query.page ?? 1;
    const { total, changes } = await store.archive.changes({
      q: query.q || undefined,
      offset: (pageNo - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    return c.json({ ...pageOf(total, pageNo), changes: changes.map(changeListingJson) });
  });

  return api;
}
