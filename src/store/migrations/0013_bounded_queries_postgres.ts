import { sql, type Kysely } from 'kysely';

/**
 * 0013 on PostgreSQL, after the indexes both databases share: the same tallies and outlets as on SQLite,
 * kept by PL/pgSQL triggers, and full-text search in an `article_search` table of tsvectors (GIN), split
 * as SQLite's FTS5 index splits text: words of letters and digits, accents folded (unaccent), lower case.
 * It needs the unaccent extension and ICU, which Debian's PostgreSQL and the common hosted ones have.
 */
export async function upPostgres(db: Kysely<unknown>): Promise<void> {
  const run = (statement: ReturnType<typeof sql>) => statement.execute(db);

  await run(sql`create table tallies (name text collate "C" primary key, n bigint not null)`);
  await run(sql`insert into tallies (name, n)
    select 'articles:active', count(*) from articles where active = 1
    union all select 'articles:retired', count(*) from articles where active = 0
    union all select 'changes:edits', count(*) from changes where minor = 0
    union all select 'posts:' || s.state, (select count(*) from posts where state = s.state)
      from (select 'pending' as state union all select 'sending' union all select 'posted' union all select 'failed') s`);
  // One count moved from one tally to another (either may be null) in one statement: two transactions
  // moving counts lock the rows in the same (index) order, so they never deadlock on them.
  await run(sql`create function editwatch_tally(gone text, came text) returns void language sql as $$
    update tallies set n = n + (case when name = came then 1 else 0 end) - (case when name = gone then 1 else 0 end)
    where name in (gone, came) $$`);
  await run(sql`create function editwatch_article_tallies() returns trigger language plpgsql as $$
    declare gone text; came text;
    begin
      if tg_op <> 'INSERT' then gone := case when old.active = 1 then 'articles:active' else 'articles:retired' end; end if;
      if tg_op <> 'DELETE' then came := case when new.active = 1 then 'articles:active' else 'articles:retired' end; end if;
      perform editwatch_tally(gone, came);
      return null;
    end $$`);
  await run(sql`create trigger tallies_article_insert after insert on articles
    for each row execute function editwatch_article_tallies()`);
  await run(sql`create trigger tallies_article_active after update of active on articles
    for each row when (old.active is distinct from new.active) execute function editwatch_article_tallies()`);
  await run(sql`create trigger tallies_article_delete after delete on articles
    for each row execute function editwatch_article_tallies()`);
  await run(sql`create function editwatch_post_tallies() returns trigger language plpgsql as $$
    declare gone text; came text;
    begin
      if tg_op <> 'INSERT' then gone := 'posts:' || old.state; end if;
      if tg_op <> 'DELETE' then came := 'posts:' || new.state; end if;
      perform editwatch_tally(gone, came);
      return null;
    end $$`);
  await run(sql`create trigger tallies_post_insert after insert on posts
    for each row execute function editwatch_post_tallies()`);
  await run(sql`create trigger tallies_post_state after update of state on posts
    for each row when (old.state is distinct from new.state) execute function editwatch_post_tallies()`);
  await run(sql`create trigger tallies_post_delete after delete on posts
    for each row execute function editwatch_post_tallies()`);

  await run(
    sql`create table outlets (name text collate "C" primary key, articles bigint not null, edits bigint not null)`,
  );
  await run(sql`insert into outlets (name, articles, edits)
    select outlet, count(*), coalesce(sum((select count(*) from changes
      where changes.article_id = articles.id and changes.minor = 0)), 0)
    from articles where outlet is not null group by outlet`);
  // An article counts towards its outlet with its edits; one read again under another name moves them.
  // Deleted, it leaves before the delete, while its changes (which go with it) are still there to subtract.
  await run(sql`create function editwatch_article_outlets() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' and old.outlet is not null then
        update outlets set articles = articles - 1,
          edits = edits - (select count(*) from changes where article_id = old.id and minor = 0)
          where name = old.outlet;
        delete from outlets where name = old.outlet and articles <= 0;
      end if;
      if tg_op <> 'DELETE' and new.outlet is not null then
        insert into outlets (name, articles, edits)
          values (new.outlet, 1, (select count(*) from changes where article_id = new.id and minor = 0))
          on conflict (name) do update set articles = outlets.articles + 1, edits = outlets.edits + excluded.edits;
      end if;
      if tg_op = 'DELETE' then return old; end if;
      return null;
    end $$`);
  await run(sql`create trigger outlets_article_insert after insert on articles
    for each row execute function editwatch_article_outlets()`);
  await run(sql`create trigger outlets_article_outlet after update of outlet on articles
    for each row when (old.outlet is distinct from new.outlet) execute function editwatch_article_outlets()`);
  await run(sql`create trigger outlets_article_delete before delete on articles
    for each row execute function editwatch_article_outlets()`);
  await run(sql`create function editwatch_change_outlets() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update tallies set n = n + 1 where name = 'changes:edits';
        update outlets set edits = edits + 1 where name = (select outlet from articles where id = new.article_id);
      else
        update tallies set n = n - 1 where name = 'changes:edits';
        update outlets set edits = edits - 1 where name = (select outlet from articles where id = old.article_id);
      end if;
      return null;
    end $$`);
  await run(sql`create trigger outlets_change_insert after insert on changes
    for each row when (new.minor = 0) execute function editwatch_change_outlets()`);
  await run(sql`create trigger outlets_change_delete after delete on changes
    for each row when (old.minor = 0) execute function editwatch_change_outlets()`);

  // Full-text search. unaccent is a contrib extension, trusted: a database's owner may create it.
  await run(sql`create extension if not exists unaccent`);
  // Letters, digits and case by Unicode (ICU's), whatever the database's locale: in the C locale
  // PostgreSQL's own classes and lower() know ASCII only. The query side splits words the same way.
  await run(sql`create function editwatch_search_text(text text) returns text language sql stable as $$
    select unaccent(lower(regexp_replace(text collate "und-x-icu", '[^[:alnum:]]+', ' ', 'g'))) $$`);
  await run(sql`create function editwatch_search_words(headline text, url text, outlet text) returns tsvector
    language sql stable as $$ select to_tsvector('simple', editwatch_search_text(concat_ws(' ', headline, url, outlet))) $$`);
  await run(sql`create table article_search (
    id bigint primary key references articles (id) on delete cascade, words tsvector not null)`);
  await run(sql`create index article_search_words on article_search using gin (words)`);
  await run(sql`insert into article_search (id, words)
    select id, editwatch_search_words(headline, url, outlet) from articles`);
  await run(sql`create function editwatch_article_search() returns trigger language plpgsql as $$
    begin
      insert into article_search (id, words) values (new.id, editwatch_search_words(new.headline, new.url, new.outlet))
        on conflict (id) do update set words = excluded.words;
      return null;
    end $$`);
  await run(sql`create trigger search_article_insert after insert on articles
    for each row execute function editwatch_article_search()`);
  await run(sql`create trigger search_article_update after update of headline, url, outlet on articles
    for each row when (old.headline is distinct from new.headline or old.url is distinct from new.url
      or old.outlet is distinct from new.outlet) execute function editwatch_article_search()`);
}
