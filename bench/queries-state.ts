import SQLite from 'better-sqlite3';
import { diffArticles } from '../src/diff/index.ts';
import type { Article } from '../src/extract/article.ts';
import { seededRandom } from '../test/helpers/seeded-random.ts';

/**
 * A state as a busy deployment has it, written straight into an SQLite file whose schema the Store has
 * made (so its triggers run as they would): `articles` articles over 40 days on 500 hosts (a few large,
 * most small), 1–5 versions each, some minor changes, posts for the others, some failing, the older ones
 * mostly retired, and a log of checks over the 40 days. Seeded: the same state every run.
 */

const DAY = 86_400_000;
export const BENCH_NOW = Date.parse('2026-11-25T08:00:00.000Z');
const HOSTS = 500;
const DAYS = 40;

/** Made-up words, a few common and most rare, as headlines have them. */
function vocabulary(random: () => number, n: number): string[] {
  const syllables = ['ka', 'ro', 'mi', 'te', 'sun', 'bel', 'dor', 'vi', 'an', 'lo', 'gra', 'pen', 'tu', 'zer'];
  return Array.from({ length: n }, (_, i) => {
    let w = '';
    for (let s = 0; s < 2 + (i % 3); s++) w += syllables[Math.floor(random() * syllables.length)]!;
    return `${w}${i}`;
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

export interface BenchState {
  articles: number;
  versions: number;
  changes: number;
  checks: number;
  posts: number;
  /** An outlet with many articles, and a word many headlines have and one few have. */
  bigOutlet: string;
  commonWord: string;
  rareWord: string;
}

export function fillState(file: string, articles: number): BenchState {
  const random = seededRandom(14);
  const words = vocabulary(random, 5_000);
  // Zipf-like: word k about 1/k as common as the first.
  const word = () => words[Math.min(words.length - 1, Math.floor(Math.exp(random() * Math.log(words.length))) - 1)]!;
  const outlet = (h: number) =>
    `The ${words[h * 7]!.replace(/\d+$/, '')} ${['Ledger', 'Times', 'Post', 'Gazette'][h % 4]} ${h}`;
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  const insert = {
    article: db.prepare(`insert into articles (id, url, outlet, headline, source, added_at, active, retired_reason,
      last_checked_at, next_check_at, last_error, last_changed_at) values (?, ?, ?, ?, 'feed', ?, ?, ?, ?, ?, ?, ?)`),
    version: db.prepare(`insert into versions (article_id, seq, fetched_at, content_hash, content, final_url, extractor)
      values (?, ?, ?, ?, ?, ?, 1)`),
    change: db.prepare(`insert into changes (article_id, from_version_id, to_version_id, detected_at, diff, minor)
      values (?, ?, ?, ?, ?, ?)`),
    post: db.prepare(`insert into posts (id, kind, change_id, article_id, network, thread, state, text, article_url,
      images, created_at, updated_at, attempts) values (?, 'edit', ?, ?, ?, 'article', ?, 'An edit.', ?, '[]', ?, ?, 1)`),
    check: db.prepare(`insert into checks (article_id, at, outcome, http_status, error_code, error_message, duration_ms)
      values (?, ?, ?, ?, ?, ?, ?)`),
  };
  const base: Article = {
    url: 'https://news.example/a',
    canonicalUrl: null,
    outlet: 'Example',
    headline: 'Council votes to close the bridge',
    standfirst: 'Repairs will take a year.',
    byline: 'A. Writer',
    publishedAt: null,
    modifiedAt: null,
    paragraphs: ['The council voted on Tuesday to close the bridge.', 'Repairs will take a year, engineers said.'],
  };
  const diff = JSON.stringify(diffArticles(base, { ...base, headline: `${base.headline} for repairs` }));
  const counts = { articles, versions: 0, changes: 0, checks: 0, posts: 0 };
  const hostArticles = new Array<number>(HOSTS).fill(0);
  /** Checks to write: article id, time, kind (0 first, 1 unchanged, 2 error), three numbers each. */
  const log: number[] = [];
  db.transaction(() => {
    for (let id = 1; id <= articles; id++) {
      const host = Math.min(HOSTS - 1, Math.floor(HOSTS * random() ** 2));
      hostArticles[host]!++;
      const addedAt = BENCH_NOW - DAYS * DAY + ((id - 1) / articles) * DAYS * DAY;
      const headline = Array.from({ length: 6 + Math.floor(random() * 5) }, word).join(' ');
      const url = `https://www.outlet${host}.example/2026/${id}-${headline.split(' ').slice(0, 3).join('-')}`;
      const age = BENCH_NOW - addedAt;
      const active = age < 30 * DAY || random() < 0.3 ? 1 : 0;
      const failing = active && random() < 0.03 ? 'HTTP 503 Service Unavailable' : null;
      const lastChecked = active ? BENCH_NOW - random() * 6 * 3_600_000 : addedAt + random() * age;
      const r = random();
      const nVersions = r < 0.7 ? 1 : r < 0.85 ? 2 : r < 0.93 ? 3 : r < 0.97 ? 4 : 5;
      let previous = 0;
      const versionAt = (seq: number) => addedAt + ((seq - 1) / nVersions) * (lastChecked - addedAt);
      insert.article.run(
        id,
        url,
        outlet(host),
        headline,
        iso(addedAt),
        active,
        active ? null : 'unchanged for 40 days',
        iso(lastChecked),
        iso(active ? BENCH_NOW - 3_600_000 + random() * 30 * 3_600_000 : lastChecked),
        failing,
        nVersions > 1 ? iso(versionAt(nVersions)) : null,
      );
      for (let seq = 1; seq <= nVersions; seq++) {
        const at = iso(versionAt(seq));
        const content = JSON.stringify({ ...base, url, outlet: outlet(host), headline: `${headline} ${seq}` });
        const versionId = Number(insert.version.run(id, seq, at, `${id}-${seq}`, content, url).lastInsertRowid);
        counts.versions++;
        if (previous) {
          const minor = random() < 0.2 ? 1 : 0;
          const changeId = Number(insert.change.run(id, previous, versionId, at, diff, minor).lastInsertRowid);
          counts.changes++;
          if (!minor)
            for (const network of ['mastodon', 'bluesky']) {
              const state = BENCH_NOW - versionAt(seq) < 600_000 ? 'pending' : random() < 0.01 ? 'failed' : 'posted';
              insert.post.run(`p${changeId}-${network}`, changeId, id, network, state, url, at, at);
              counts.posts++;
            }
        }
        previous = versionId;
      }
      // The log: more checks while young, fewer later, over the article's watched life.
      const nChecks = 5 + Math.floor(random() * 30);
      for (let c = 0; c < nChecks; c++)
        log.push(
          id,
          addedAt + (c / nChecks) ** 2 * (lastChecked - addedAt),
          c === 0 ? 0 : failing && c === nChecks - 1 ? 2 : 1,
        );
    }
    // Written in the order they were made, as a running bot writes them.
    const order = Array.from({ length: log.length / 3 }, (_, i) => i).sort((a, b) => log[a * 3 + 1]! - log[b * 3 + 1]!);
    for (const i of order) {
      const kind = log[i * 3 + 2]!;
      insert.check.run(
        log[i * 3]!,
        iso(log[i * 3 + 1]!),
        (['first-version', 'unchanged', 'error'] as const)[kind],
        kind === 2 ? 503 : 200,
        kind === 2 ? 'http:503' : null,
        kind === 2 ? 'HTTP 503 Service Unavailable' : null,
        20 + Math.floor(random() * 300),
      );
      counts.checks++;
    }
  })();
  db.close();
  const big = hostArticles.indexOf(Math.max(...hostArticles));
  return { ...counts, bigOutlet: outlet(big), commonWord: words[2]!, rareWord: words[3_000]! };
}
