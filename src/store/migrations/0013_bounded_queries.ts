import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { upPostgres } from './0013_bounded_queries_postgres.ts';
import type { PortableMigration } from './portable.ts';

/**
 * `status`, `list` and the archive read what they show, not whole tables (issue "100,000 articles on one
 * small machine"): indexes for what they look up, and what they would otherwise count or group over every
 * row kept up to date by triggers, so that every writer (the cycle, track, retire, hand edits) keeps it
 * right without knowing of it.
 */
export const migration: PortableMigration = {
  async up(db: Kysely<unknown>, dialect: Dialect) {
    const run = (statement: ReturnType<typeof sql>) => statement.execute(db);

    // Failing articles, latest first: a partial index holds only them.
    await run(sql`create index articles_failing on articles (active, last_checked_at) where last_error is not null`);
    // The last check made, and checks old enough to prune.
    await run(sql`create index checks_at on checks (at)`);
    // An outlet's articles, newest first (the rowid is part of every index).
    await run(sql`create index articles_outlet on articles (outlet)`);
    // An article's edits by time, from the index alone: an outlet's or a search's are sorted without their diffs.
    await run(sql`create index changes_edits on changes (article_id, minor, detected_at)`);
    // An article's posts, in the order they were made.
    await run(sql`create index posts_article on posts (article_id, created_at, id)`);
    // The same indexes on both; what keeps the counts and the search index differs.
    if (dialect === 'postgres') return upPostgres(db);

    // Counts over whole tables, kept as rows change: articles watched and retired, edits, posts by state.
    await run(sql`create table tallies (name text primary key, n integer not null)`);
    await run(sql`insert into tallies (name, n)
      select 'articles:active', count(*) from articles where active = 1
      union all select 'articles:retired', count(*) from articles where active = 0
      union all select 'changes:edits', count(*) from changes where minor = 0
      union all select 'posts:' || s.state, (select count(*) from posts where state = s.state)
        from (select 'pending' as state union all select 'sending' union all select 'posted' union all select 'failed') s`);
    const articleTally = (row: 'new' | 'old') =>
      sql.raw(`iif(${row}.active = 1, 'articles:active', 'articles:retired')`);
    await run(sql`create trigger tallies_article_insert after insert on articles begin
      update tallies set n = n + 1 where name = ${articleTally('new')}; end`);
    await run(sql`create trigger tallies_article_active after update of active on articles
      when old.active is not new.active begin
      update tallies set n = n - 1 where name = ${articleTally('old')};
      update tallies set n = n + 1 where name = ${articleTally('new')}; end`);
    await run(sql`create trigger tallies_article_delete after delete on articles begin
      update tallies set n = n - 1 where name = ${articleTally('old')}; end`);
    await run(sql`create trigger tallies_change_insert after insert on changes when new.minor = 0 begin
      update tallies set n = n + 1 where name = 'changes:edits'; end`);
    await run(sql`create trigger tallies_change_delete after delete on changes when old.minor = 0 begin
      update tallies set n = n - 1 where name = 'changes:edits'; end`);
    await run(sql`create trigger tallies_post_insert after insert on posts begin
      update tallies set n = n + 1 where name = 'posts:' || new.state; end`);
    await run(sql`create trigger tallies_post_state after update of state on posts
      when old.state is not new.state begin
      update tallies set n = n - 1 where name = 'posts:' || old.state;
      update tallies set n = n + 1 where name = 'posts:' || new.state; end`);
    await run(sql`create trigger tallies_post_delete after delete on posts begin
      update tallies set n = n - 1 where name = 'posts:' || old.state; end`);

    // Outlets with their articles and edits, for the archive's list of outlets (a row an outlet).
    await run(sql`create table outlets (name text primary key, articles integer not null, edits integer not null)`);
    await run(sql`insert into outlets (name, articles, edits)
      select outlet, count(*), coalesce(sum((select count(*) from changes
        where changes.article_id = articles.id and changes.minor = 0)), 0)
      from articles where outlet is not null group by outlet`);
    const edits = (row: 'new' | 'old') =>
      sql.raw(`(select count(*) from changes where article_id = ${row}.id and minor = 0)`);
    // An article counts towards its outlet with its edits; one read again under another name moves them.
    const joinOutlet = (row: 'new' | 'old') => sql`insert into outlets (name, articles, edits)
      select ${sql.raw(`${row}.outlet`)}, 1, ${edits(row)} where ${sql.raw(`${row}.outlet`)} is not null
      on conflict (name) do update set articles = articles + 1, edits = edits + excluded.edits;`;
    const leaveOutlet = (row: 'new' | 'old') => sql`update outlets set articles = articles - 1,
      edits = edits - ${edits(row)} where name = ${sql.raw(`${row}.outlet`)};
      delete from outlets where name = ${sql.raw(`${row}.outlet`)} and articles <= 0;`;
    await run(sql`create trigger outlets_article_insert after insert on articles begin ${joinOutlet('new')} end`);
    await run(sql`create trigger outlets_article_outlet after update of outlet on articles
      when old.outlet is not new.outlet begin ${leaveOutlet('old')} ${joinOutlet('new')} end`);
    // Before the delete: the article's changes, which go with it, are still there to subtract.
    await run(sql`create trigger outlets_article_delete before delete on articles begin ${leaveOutlet('old')} end`);
    const outletOf = (row: 'new' | 'old') => sql.raw(`(select outlet from articles where id = ${row}.article_id)`);
    await run(sql`create trigger outlets_change_insert after insert on changes when new.minor = 0 begin
      update outlets set edits = edits + 1 where name = ${outletOf('new')}; end`);
    await run(sql`create trigger outlets_change_delete after delete on changes when old.minor = 0 begin
      update outlets set edits = edits - 1 where name = ${outletOf('old')}; end`);

    // Full-text search of headlines, addresses and outlets: words, accents folded ("zurich" finds "Zürich").
    await run(sql`create virtual table article_search using fts5 (headline, url, outlet,
      content = 'articles', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2')`);
    await run(sql`insert into article_search (article_search) values ('rebuild')`);
    const add = sql.raw(`insert into article_search (rowid, headline, url, outlet)
      values (new.id, new.headline, new.url, new.outlet);`);
    const remove = sql.raw(`insert into article_search (article_search, rowid, headline, url, outlet)
      values ('delete', old.id, old.headline, old.url, old.outlet);`);
    await run(sql`create trigger search_article_insert after insert on articles begin ${add} end`);
    await run(sql`create trigger search_article_update after update of headline, url, outlet on articles
      when old.headline is not new.headline or old.url is not new.url or old.outlet is not new.outlet
      begin ${remove} ${add} end`);
    await run(sql`create trigger search_article_delete after delete on articles begin ${remove} end`);
  },
};
