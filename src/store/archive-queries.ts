import { sql, type Expression, type SqlBool } from 'kysely';
import type { ChangeSummary } from '../diff/types.ts';
import type { Db } from './db.ts';
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
  /** Words to find in the headline, URL or outlet. */
  q?: string;
  outlet?: string;
  articleId?: number;
  /** Rows to skip and to return. */
  offset: number;
  limit: number;
}

/** `%` and `_` in a search are letters, not wildcards. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function changeQuery(db: Db, filter: Omit<ChangeFilter, 'offset' | 'limit'>) {
  let q = db
    .selectFrom('changes')
    .innerJoin('articles', 'articles.id', 'changes.article_id')
    .innerJoin('versions as vf', 'vf.id', 'changes.from_version_id')
    .innerJoin('versions as vt', 'vt.id', 'changes.to_version_id')
    // Minor versions are no edits: the archive lists them on the article's page only.
    .where('changes.minor', '=', 0);
  if (filter.articleId !== undefined) q = q.where('changes.article_id', '=', filter.articleId);
  if (filter.outlet !== undefined) q = q.where('articles.outlet', '=', filter.outlet);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    q = q.where((eb) =>
      eb.or(
        ['articles.headline', 'articles.url', 'articles.outlet'].map(
          (col) => sql<SqlBool>`${sql.ref(col)} like ${pattern} escape '\\'` as Expression<SqlBool>,
        ),
      ),
    );
  }
  return q;
}

export type ArticleListing = ArticleRow & { versionCount: number; changeCount: number };

/** The archive's queries, by what they list. */
export class ArchiveQueries {
  constructor(private readonly db: Db) {}

  /** Changes newest first, with the article they belong to, and how many there are in all. */
  async changes(filter: ChangeFilter): Promise<{ total: number; changes: ChangeListing[] }> {
    const count = await changeQuery(this.db, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const rows = await changeQuery(this.db, filter)
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
      .select(sql<string | null>`json_extract(vt.content, '$.headline')`.as('versionHeadline'))
      .orderBy('changes.detected_at', 'desc')
      .orderBy('changes.id', 'desc')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute();
    return {
      total: Number(count?.n ?? 0),
      changes: rows.map(({ diff, ...r }) => ({
        ...r,
        summary: (JSON.parse(diff) as { summary: ChangeSummary }).summary,
      })),
    };
  }

  /** Articles with their version and change counts, newest first; of one outlet, or matching a search. */
  async articles(filter: {
    outlet?: string;
    offset: number;
    limit: number;
  }): Promise<{ total: number; articles: ArticleListing[] }> {
    let base = this.db.selectFrom('articles');
    if (filter.outlet !== undefined) base = base.where('outlet', '=', filter.outlet);
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
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
      .orderBy('added_at', 'desc')
      .orderBy('id', 'desc')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute();
    return {
      total: Number(count?.n ?? 0),
      articles: rows.map((r) => ({
        ...r,
        versionCount: Number(r.versionCount ?? 0),
        changeCount: Number(r.changeCount ?? 0),
      })),
    };
  }

  /** Outlets with how many articles of theirs are tracked and how many edits were found. */
  async outlets(): Promise<{ outlet: string; articles: number; changes: number }[]> {
    const rows = await this.db
      .selectFrom('articles')
      .where('outlet', 'is not', null)
      .select((eb) => [
        'outlet',
        eb.fn.countAll<number>().as('articles'),
        eb.fn
          .sum<number>(
            eb
              .selectFrom('changes')
              .whereRef('changes.article_id', '=', 'articles.id')
              .where('changes.minor', '=', 0)
              .select(eb.fn.countAll<number>().as('n')),
          )
          .as('changes'),
      ])
      .groupBy('outlet')
      .orderBy('outlet')
      .execute();
    return rows.map((r) => ({ outlet: r.outlet!, articles: Number(r.articles), changes: Number(r.changes ?? 0) }));
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
