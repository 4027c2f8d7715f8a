import { sql } from 'kysely';
import type { ChangeSummary } from '../diff/types.ts';
import type { Db } from './db.ts';
import type { Dialect } from './dialect.ts';
import { matchQuery, tsQuery } from './search-words.ts';
import { tallies } from './tallies.ts';
import type { ArticleRow, PostRow } from './types.ts';
import { toPost } from './values.ts';

/** Read-only queries behind the web archive, the feeds and the JSON API. */

export interface ChangeListing {
  changeId: number;
  detectedAt: string;
  articleId: number;
  url: string;
  outlet: string | null;
  /** The article's headline now. */
  headline: string | null;
  /** The headline of the version the change led to. */
  versionHeadline: string | null;
  fromSeq: number;
  toSeq: number;
  fromAt: string;
  summary: ChangeSummary;
}

export interface ChangeFilter {
  /** Words to find in the headline, URL or outlet (full-text, see search-words.ts). */
  q?: string;
  outlet?: string;
  articleId?: number;
  /** Only the changes listed after this one (the next page): keyset paging, nothing read to be skipped. */
  after?: number;
  limit: number;
}

/** A page of a listing, newest first. */
export interface ListingPage {
  /** How many there are in all (with `capped`, among the SEARCH_ARTICLES newest matching articles). */
  total: number;
  /** Where the next page starts (its `after`), or null on the last page. */
  next: number | null;
}

/** A search lists the changes of the newest this many matching articles, and says when more match. */
export const SEARCH_ARTICLES = 1_000;

/** No article's id is this high: where a page from the newest starts. */
const ABOVE_ALL = Number.MAX_SAFE_INTEGER;

/**
 * The changes (no minor ones) that a filter lists, by id; `articleIds`: the articles a search found. Read
 * from indexes alone (changes_detected; changes_edits, with articles_outlet for an outlet), so an
 * outlet's or a search's changes are picked and sorted without reading a diff.
 */
function listedChanges(db: Db, filter: Omit<ChangeFilter, 'q' | 'limit'> & { articleIds?: number[] }) {
  // Minor versions are no edits: the archive lists them on the article's page only.
  let q = db.selectFrom('changes').where('changes.minor', '=', 0);
  if (filter.articleId !== undefined) q = q.where('changes.article_id', '=', filter.articleId);
  if (filter.articleIds) q = q.where('changes.article_id', 'in', filter.articleIds);
  if (filter.outlet !== undefined) {
    const outlet = filter.outlet;
    q = q.where('changes.article_id', 'in', (eb) =>
      eb.selectFrom('articles').select('id').where('outlet', '=', outlet),
    );
  }
  // Listed newest first: the next page holds what sorts after the last change shown.
  if (filter.after !== undefined)
    q = q.where(
      sql`(changes.detected_at, changes.id)`,
      '<',
      sql`(select detected_at, id from changes where id = ${filter.after})`,
    );
  return q;
}

export type ArticleListing = ArticleRow & { versionCount: number; changeCount: number };

/**
 * The archive's queries, by what they list. Each reads what its page shows: pages follow on by keyset
 * (`after`), totals come from tallies and the outlets table that triggers keep (migration 0013) or from
 * counting a bounded set, and a search goes through the full-text index.
 */
export class ArchiveQueries {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /** Changes newest first, with the article they belong to, and how many the filter finds. */
  async changes(filter: ChangeFilter): Promise<ListingPage & { capped: boolean; changes: ChangeListing[] }> {
    const found = filter.q === undefined ? undefined : await this.search(filter.q);
    if (found?.ids.length === 0) return { total: 0, capped: false, next: null, changes: [] };
    const scope = { ...filter, ...(found ? { articleIds: found.ids } : {}) };
    const listed = await listedChanges(this.db, scope)
      .select('changes.id')
      .orderBy('changes.detected_at', 'desc')
      .orderBy('changes.id', 'desc')
      .limit(filter.limit + 1)
      .execute();
    const ids = listed.slice(0, filter.limit).map((r) => r.id);
    return {
      total: await this.changeTotal({ ...scope, after: undefined }),
      capped: found?.capped ?? false,
      next: listed.length > filter.limit ? ids[ids.length - 1]! : null,
      changes: await this.listings(ids),
    };
  }

  /** The changes `ids` name, in that order, with what each is listed with: read for those alone. */
  private async listings(ids: number[]): Promise<ChangeListing[]> {
    if (!ids.length) return [];
    const rows = await this.db
      .selectFrom('changes')
      .innerJoin('articles', 'articles.id', 'changes.article_id')
      .innerJoin('versions as vf', 'vf.id', 'changes.from_version_id')
      .innerJoin('versions as vt', 'vt.id', 'changes.to_version_id')
      .where('changes.id', 'in', ids)
      .select([
        'changes.id as changeId',
        'changes.detected_at as detectedAt',
        'changes.article_id as articleId',
        'changes.diff as diff',
        'articles.url as url',
        'articles.outlet as outlet',
        'articles.headline as headline',
        'vf.seq as fromSeq',
        'vt.seq as toSeq',
        'vf.fetched_at as fromAt',
      ])
      .select(
        (this.dialect === 'postgres'
          ? sql<string | null>`vt.content::json ->> 'headline'`
          : sql<string | null>`json_extract(vt.content, '$.headline')`
        ).as('versionHeadline'),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.changeId, r]));
    return ids
      .map((id) => byId.get(id))
      .filter((r) => r !== undefined)
      .map(({ diff, ...r }) => ({ ...r, summary: (JSON.parse(diff) as { summary: ChangeSummary }).summary }));
  }

  /** The newest SEARCH_ARTICLES articles whose headline, URL or outlet has the words, and whether more do. */
  private async search(q: string): Promise<{ ids: number[]; capped: boolean }> {
    let ids: number[];
    if (this.dialect === 'postgres') {
      const query = tsQuery(q);
      if (!query) return { ids: [], capped: false };
      const { rows } = await sql<{ id: number }>`select id from article_search where words @@ (${query})
        order by id desc limit ${SEARCH_ARTICLES + 1}`.execute(this.db);
      ids = rows.map((r) => r.id);
    } else {
      const match = matchQuery(q);
      if (!match) return { ids: [], capped: false };
      const rows = await this.db
        .selectFrom('article_search')
        .select('rowid')
        .where('article_search', 'match', match)
        .orderBy('rowid', 'desc')
        .limit(SEARCH_ARTICLES + 1)
        .execute();
      ids = rows.map((r) => r.rowid);
    }
    return { ids: ids.slice(0, SEARCH_ARTICLES), capped: ids.length > SEARCH_ARTICLES };
  }

  /** How many changes a filter lists: counted when the set is bounded (one article, a search), else kept. */
  private async changeTotal(scope: Parameters<typeof listedChanges>[1]): Promise<number> {
    if (scope.articleIds || scope.articleId !== undefined) {
      const row = await listedChanges(this.db, scope)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }
    if (scope.outlet !== undefined) return (await this.outlet(scope.outlet))?.edits ?? 0;
    return (await tallies(this.db, ['changes:edits']))['changes:edits'];
  }

  /** Articles with their version and change counts, newest first (in the order they were tracked); of one outlet. */
  async articles(filter: {
    outlet?: string;
    /** Only the articles listed after this one (the next page). */
    after?: number;
    limit: number;
  }): Promise<ListingPage & { articles: ArticleListing[] }> {
    let base = this.db.selectFrom('articles').where('id', '<', filter.after ?? ABOVE_ALL);
    if (filter.outlet !== undefined) base = base.where('outlet', '=', filter.outlet);
    const rows = await base
      .selectAll('articles')
      .select((eb) => [
        eb
          .selectFrom('versions')
          .whereRef('versions.article_id', '=', 'articles.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('versionCount'),
        eb
          .selectFrom('changes')
          .whereRef('changes.article_id', '=', 'articles.id')
          .where('changes.minor', '=', 0)
          .select(eb.fn.countAll<number>().as('n'))
          .as('changeCount'),
      ])
      .orderBy('id', 'desc')
      .limit(filter.limit + 1)
      .execute();
    const shown = rows.slice(0, filter.limit);
    const all = async () => {
      const t = await tallies(this.db, ['articles:active', 'articles:retired']);
      return t['articles:active'] + t['articles:retired'];
    };
    return {
      total: filter.outlet !== undefined ? ((await this.outlet(filter.outlet))?.articles ?? 0) : await all(),
      next: rows.length > filter.limit ? shown[shown.length - 1]!.id : null,
      articles: shown.map((r) => ({
        ...r,
        versionCount: Number(r.versionCount ?? 0),
        changeCount: Number(r.changeCount ?? 0),
      })),
    };
  }

  /** Outlets with how many articles of theirs are tracked and how many edits were found (the outlets table). */
  async outlets(): Promise<{ outlet: string; articles: number; changes: number }[]> {
    const rows = await this.db.selectFrom('outlets').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ outlet: r.name, articles: Number(r.articles), changes: Number(r.edits) }));
  }

  private outlet(name: string) {
    return this.db.selectFrom('outlets').selectAll().where('name', '=', name).executeTakeFirst();
  }

  /** The posts made about an article's changes (its own thread), oldest first. */
  async editPosts(articleId: number): Promise<PostRow[]> {
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('article_id', '=', articleId)
      .where('kind', '=', 'edit')
      .where('thread', '=', 'article')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toPost);
  }

  /** Every article id, in order, a page at a time (the export walks them without holding them all). */
  async *articleIds(pageSize = 500): AsyncGenerator<number> {
    let after = 0;
    for (;;) {
      const page = await this.db
        .selectFrom('articles')
        .select('id')
        .where('id', '>', after)
        .orderBy('id')
        .limit(pageSize)
        .execute();
      for (const row of page) yield row.id;
      if (page.length < pageSize) return;
      after = page[page.length - 1]!.id;
    }
  }
}
