// The load run's pages and state: real corpus pages, each with one paragraph edited, and a state of many
// articles written straight into SQLite as a running bot would have left it (one version each, due times
// spread over their check intervals, so the run starts in the steady state and not with all of them due).
import SQLite from 'better-sqlite3';
import { extractArticle, EXTRACTOR_VERSION, type Article } from '../src/extract/index.ts';
import { diffArticles } from '../src/diff/index.ts';
import { intervalFor } from '../src/schedule/policy.ts';
import { Store } from '../src/store/index.ts';
import { contentHash } from '../src/store/values.ts';
import { loadCorpus } from '../test/helpers/corpus.ts';
import { articleHost, hostAddress, templateOf } from './load-site.ts';

const DAY = 86_400_000;

export interface Template {
  name: string;
  html: string;
  edited: string;
  article: Article;
}

/** A page's canonical link and og:url name another address: left in, each article would be a duplicate. */
const withoutCanonical = (html: string) =>
  html
    .replace(/<link\b[^>]*\brel=["']?canonical\b[^>]*>/gi, '')
    .replace(/<meta\b[^>]*\bproperty=["']og:url["'][^>]*>/gi, '');

/**
 * Corpus pages that extract the same at any address, each with an edit the diff reports: a few words added
 * to a paragraph whose text appears as it is in the HTML.
 */
export function loadTemplates(): Template[] {
  const templates: Template[] = [];
  for (const page of loadCorpus()) {
    const html = withoutCanonical(page.html);
    let article: Article;
    try {
      article = extractArticle(html, 'http://127.1.0.1/a/1');
      const elsewhere = extractArticle(html, 'http://127.1.0.2/a/2');
      if (contentHash(article) !== contentHash(elsewhere) || article.paragraphs.length < 3) continue;
    } catch {
      continue; // a corpus page this extractor refuses (a section front): not an article to watch
    }
    const edited = editOf(html, article);
    if (edited) templates.push({ name: page.name, html, edited, article });
  }
  return templates;
}

function editOf(html: string, article: Article): string | null {
  for (const paragraph of article.paragraphs) {
    const words = paragraph.split(' ');
    for (let at = 4; at + 6 <= words.length; at += 3) {
      const phrase = words.slice(at, at + 6).join(' ');
      const first = html.indexOf(phrase);
      if (first < 0 || html.indexOf(phrase, first + 1) >= 0) continue;
      const edited = html.replace(phrase, `${phrase} and, officials later said, several more`);
      try {
        const diff = diffArticles(article, extractArticle(edited, 'http://127.1.0.1/a/1'));
        if (diff.changes.length > 0) return edited;
      } catch {
        // not this place
      }
    }
  }
  return null;
}

export interface SeededState {
  articles: number;
  /** Checks an hour the schedule asks for at the start. */
  demandPerSecond: number;
}

/** `count` articles on `hosts` hosts, ages spread evenly over 40 days, each with its first version stored. */
export async function seedState(
  file: string,
  count: number,
  hosts: number,
  port: number,
  templates: Template[],
  now: number,
): Promise<SeededState> {
  await (await Store.open(file)).close(); // the schema, by the store's own migrations
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  const article = db.prepare(`insert into articles (id, url, outlet, headline, source, added_at, active,
    last_checked_at, next_check_at, quiet_observed_ms) values (?, ?, ?, ?, 'feed', ?, 1, ?, ?, ?)`);
  const version = db.prepare(`insert into versions (article_id, seq, fetched_at, content_hash, content, final_url,
    extractor) values (?, 1, ?, ?, ?, ?, ?)`);
  const check = db.prepare(`insert into checks (article_id, at, outcome, http_status, duration_ms)
    values (?, ?, 'first-version', 200, 40)`);
  const contents = templates.map((t) => ({ hash: contentHash(t.article), article: t.article }));
  let demand = 0;
  const iso = (ms: number) => new Date(ms).toISOString();
  db.transaction(() => {
    for (let n = 1; n <= count; n++) {
      const url = `http://${hostAddress(articleHost(n, hosts))}:${port}/a/${n}`;
      const age = (((n * 7919) % count) / count) * 40 * DAY * 0.999;
      const addedAt = now - age;
      const interval = intervalFor(age);
      demand += 1000 / interval;
      // A point in its interval, so the due times are spread as a running bot leaves them.
      const lastChecked = now - (((n * 104729) % 1000) / 1000) * interval;
      const { hash, article: content } = contents[templateOf(n, contents.length)]!;
      article.run(
        n,
        url,
        content.outlet,
        content.headline,
        iso(addedAt),
        iso(lastChecked),
        iso(lastChecked + interval),
        age,
      );
      version.run(n, iso(addedAt), hash, JSON.stringify({ ...content, url }), url, EXTRACTOR_VERSION);
      check.run(n, iso(addedAt));
    }
  })();
  db.close();
  return { articles: count, demandPerSecond: demand };
}
