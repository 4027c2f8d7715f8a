import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { archiveFixture } from './helpers/archive-fixture.ts';

// Each test here starts several editwatch processes; on a loaded two-core machine one start can take
// seconds. A last guard only: the tests wait on output and events, never on fixed sleeps.
vi.setConfig({ testTimeout: 120_000 });

let fx: Awaited<ReturnType<typeof archiveFixture>>;
const OUTLET = 'The Riverside Ledger';

beforeAll(async () => {
  fx = await archiveFixture({ EDITWATCH_BOT_NAME: 'editwatch' });
}, 60_000);
afterAll(() => fx?.close());

const get = async (path: string) => {
  const res = await fetch(`${fx.url}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
};

/** The Atom feed, parsed by a feed parser: its entries' titles and links. */
async function atom(path: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  expect(res.type).toBe('application/atom+xml; charset=utf-8');
  const parsed = parseFeed(res.body);
  expect(parsed.format).toBe('atom');
  if (parsed.format !== 'atom') throw new Error('not Atom');
  return parsed.feed;
}

describe('the archive over HTTP', () => {
  it('home: recent changes with paging and search; bad query values are 400, a page past the end 404', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.type).toMatch(/^text\/html/);
    expect(home.body).toContain('<main id="main">');
    expect(home.body).toContain('2 changes found so far.');
    expect(home.body).toContain(`href="/articles/${fx.articleId}?from=2&amp;to=3"`);
    expect(home.body).toContain('Headline changed; 1 paragraph edited');
    expect((await get('/?q=Z%C3%BCrich')).body).toContain('2 changes found.');
    expect((await get('/?q=no-such-words')).body).toContain('No changes match this search.');
    expect((await get('/?q=100%25')).status).toBe(200); // % is a letter, not a wildcard
    for (const bad of ['/?after=abc', '/?after=0', '/?after=1.5', '/?after=1e3', '/?colour=red', '/?page=2'])
      expect((await get(bad)).status, bad).toBe(400);
    // Each says which parameter and what it takes, in words.
    expect((await get('/?after=abc')).body).toContain(
      '<p>after must be a whole number from 1, got &quot;abc&quot;</p>',
    );
    expect((await get('/?after=0')).body).toContain('after must be a whole number from 1, got &quot;0&quot;');
    expect((await get('/?colour=red')).body).toContain('unknown query parameter colour (this address takes after, q)');
    expect((await get(`/?q=${'x'.repeat(201)}`)).body).toContain(
      'q must be at most 200 characters, got &quot;xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…&quot;',
    );
    expect((await get('/feed.atom?page=2')).body).toContain('unknown query parameter page (this address takes none)');
    // Pages follow on by keyset (`after` the last change shown): after the first change found there is none.
    expect((await get('/?after=1')).status).toBe(404);
  });

  it('article: versions, "changed N times", each consecutive pair side by side, or the two chosen', async () => {
    const page = await get(`/articles/${fx.articleId}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('3; changed 2 times');
    expect(page.body).toContain('Version 2 → version 3');
    expect(page.body).toContain('Version 1 → version 2');
    expect(page.body.indexOf('Version 2 → version 3')).toBeLessThan(page.body.indexOf('Version 1 → version 2')); // newest first
    expect(page.body).toContain('<del>1</del>');
    expect(page.body).toContain('<ins>2</ins>');
    expect(page.body).toContain(`<a href="${fx.articleUrl}" rel="nofollow noopener">Original article</a>`);
    // The cards posted about each change, with their alt text.
    expect(page.body).toMatch(
      /<img src="\/media\/[\w-]+\/card-1\.png" width="1200" height="675" alt="Edit card by editwatch: The Riverside Ledger, /,
    );

    const chosen = await get(`/articles/${fx.articleId}?from=1&to=3`);
    expect(chosen.body).toContain('Version 1 → version 3');
    expect(chosen.body).not.toContain('Version 1 → version 2');
    expect(chosen.body).toContain('<option value="1" selected>');
    expect((await get(`/articles/${fx.articleId}?from=3&to=1`)).body).toContain('Version 1 → version 3');
    expect((await get(`/articles/${fx.quietId}`)).body).toContain('Only one version so far');

    for (const bad of ['?from=x', '?to=-1', '?from=2&to=2', '?version=1'])
      expect((await get(`/articles/${fx.articleId}${bad}`)).status, bad).toBe(400);
    expect((await get(`/articles/${fx.articleId}?from=x`)).body).toContain(
      'from must be a whole number from 1, got &quot;x&quot;',
    );
    expect((await get(`/articles/${fx.articleId}?to=-1`)).body).toContain(
      'to must be a whole number from 1, got &quot;-1&quot;',
    );
    for (const missing of [
      `/articles/${fx.articleId}?from=9`,
      '/articles/999',
      '/articles/abc',
      '/articles/0',
      '/no/such/page',
    ])
      expect((await get(missing)).status, missing).toBe(404);
  });

  it('outlets, the outlet page and status', async () => {
    const outlets = await get('/outlets');
    expect(outlets.body).toContain(
      `<a href="/outlets/The%20Riverside%20Ledger">${OUTLET}</a></td><td>2</td><td>2</td>`,
    );
    const outlet = await get(`/outlets/${encodeURIComponent(OUTLET)}`);
    expect(outlet.status).toBe(200);
    expect(outlet.body).toContain('changed 2 times');
    expect(outlet.body).toContain('2 articles watched.');
    expect((await get('/outlets/Nobody')).status).toBe(404);
    expect((await get(`/outlets/${encodeURIComponent(OUTLET)}?after=x`)).status).toBe(400);
    const status = await get('/status');
    expect(status.status).toBe(200);
    expect(status.body).toContain('2 watched, 0 retired');
    expect(status.body).toContain('every 5 min to 3 h');
  });

  it('Atom feeds of changes, global, per outlet and per article, each entry linking to its diff', async () => {
    const all = await atom('/feed.atom');
    expect(all.entries).toHaveLength(2);
    expect(all.entries![0]!.links![0]!.href).toBe(`${fx.url}/articles/${fx.articleId}?from=2&to=3`);
    // Exact values: no CDATA wrapping, newlines or indentation around them.
    expect(all.entries!.map((e) => e.id)).toEqual([
      `${fx.url}/articles/${fx.articleId}?from=2&to=3`,
      `${fx.url}/articles/${fx.articleId}?from=1&to=2`,
    ]);
    // Each entry names the headline its change led to, not the article's headline today.
    expect(all.entries!.map((e) => e.title?.value)).toEqual([
      'The Riverside Ledger edited “Council votes to close Riverside bridge for repairs in Zürich – “café” 🚋 (update 2)”',
      'The Riverside Ledger edited “Council votes to close Riverside bridge for repairs in Zürich – “café” 🚋 (update 1)”',
    ]);
    const xml = (await get('/feed.atom')).body;
    expect(xml).toContain(`<id>${fx.url}/articles/${fx.articleId}?from=2&amp;to=3</id>`);
    expect(xml).not.toContain('CDATA');
    expect(all.links?.find((l) => l.rel === 'self')?.href).toBe(`${fx.url}/feed.atom`);
    expect((await atom(`/outlets/${encodeURIComponent(OUTLET)}/feed.atom`)).entries).toHaveLength(2);
    const one = await atom(`/articles/${fx.articleId}/feed.atom`);
    expect(one.entries!.map((e) => e.links![0]!.href)).toEqual([
      `${fx.url}/articles/${fx.articleId}?from=2&to=3`,
      `${fx.url}/articles/${fx.articleId}?from=1&to=2`,
    ]);
    expect((await atom(`/articles/${fx.quietId}/feed.atom`)).entries ?? []).toEqual([]);
    expect((await get('/articles/999/feed.atom')).status).toBe(404);
    expect((await get('/outlets/Nobody/feed.atom')).status).toBe(404);
  });

  it('serves the posted cards, and nothing outside the media folder', async () => {
    const page = await get(`/articles/${fx.articleId}`);
    const src = /<img src="(\/media\/[\w-]+\/card-1\.png)"/.exec(page.body)![1]!;
    const res = await fetch(`${fx.url}${src}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    for (const bad of ['/media/x/card-9.png', '/media/..%2F..%2Fetc/passwd', '/media/%2E%2E/editwatch.sqlite'])
      expect((await get(bad)).status, bad).toBe(404);
  });

  it('the JSON API: articles, versions, changes, recent changes; errors as JSON', async () => {
    const list = JSON.parse((await get('/api/articles')).body) as {
      total: number;
      articles: { id: number; versionCount: number; changeCount: number }[];
    };
    expect(list.total).toBe(2);
    expect(list.articles.find((a) => a.id === fx.articleId)).toMatchObject({ versionCount: 3, changeCount: 2 });
    const one = await get(`/api/articles/${fx.articleId}`);
    expect(one.type).toMatch(/^application\/json/);
    expect(JSON.parse(one.body)).toMatchObject({
      id: fx.articleId,
      url: fx.articleUrl,
      outlet: OUTLET,
      versions: [{ seq: 1 }, { seq: 2 }, { seq: 3 }],
    });
    const versions = JSON.parse((await get(`/api/articles/${fx.articleId}/versions`)).body) as {
      versions: { seq: number; headline: string; paragraphs: string[] }[];
    };
    expect(versions.versions.map((v) => v.headline.match(/\(update (\d)\)/)?.[1] ?? null)).toEqual([null, '1', '2']);
    const changes = JSON.parse((await get(`/api/articles/${fx.articleId}/changes`)).body) as {
      changes: { fromVersion: number; toVersion: number; summary: { headline: boolean } }[];
    };
    expect(changes.changes.map((c) => [c.fromVersion, c.toVersion, c.summary.headline])).toEqual([
      [1, 2, true],
      [2, 3, true],
    ]);
    const recent = JSON.parse((await get('/api/changes?q=Riverside')).body) as {
      total: number;
      changes: { article: { id: number } }[];
    };
    expect(recent.total).toBe(2);
    const missing = await get('/api/articles/999');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: 'no article 999' });
    const badPage = await get('/api/changes?after=zero');
    expect(badPage.status).toBe(400);
    expect(JSON.parse(badPage.body)).toEqual({ error: 'after must be a whole number from 1, got "zero"' });
    expect(JSON.parse((await get('/api/nothing')).body)).toEqual({ error: 'no such address: /api/nothing' });
  });
});

describe('editwatch export', () => {
  it('writes every article with all its versions and changes, one JSON object a line', async () => {
    const bin = resolve(import.meta.dirname, '../bin/editwatch.js');
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH, EDITWATCH_STATE_DIR: fx.state.path, LOG_LEVEL: 'silent' };
    const { stdout } = await run(process.execPath, [bin, 'export', '--format', 'jsonl'], {
      env,
      cwd: fx.state.path,
      maxBuffer: 64 * 1024 * 1024,
    });
    const lines = stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            id: number;
            versions: { seq: number }[];
            changes: { toVersion: number; changes: unknown[] }[];
          },
      );
    expect(lines.map((l) => l.id).sort()).toEqual([fx.articleId, fx.quietId].sort());
    const edited = lines.find((l) => l.id === fx.articleId)!;
    expect(edited.versions.map((v) => v.seq)).toEqual([1, 2, 3]);
    expect(edited.changes.map((c) => c.toVersion)).toEqual([2, 3]);
    expect(edited.changes[0]!.changes.length).toBeGreaterThan(0);
    const bad = await run(process.execPath, [bin, 'export', '--format', 'csv'], { env, cwd: fx.state.path }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown export format "csv"; the one format is jsonl') as unknown,
    });
  });
});

describe('editwatch serve', () => {
  it('serves the archive of a state on loopback, with headers that allow no script, until SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const bin = resolve(import.meta.dirname, '../bin/editwatch.js');
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
      env: { PATH: process.env.PATH, EDITWATCH_STATE_DIR: fx.state.path, LOG_LEVEL: 'silent' },
      cwd: fx.state.path,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      await vi.waitFor(() => expect(out).toMatch(/^archive: http:\/\/127\.0\.0\.1:\d+\/$/m), {
        timeout: 20_000,
        interval: 50,
      });
      const url = /archive: (\S+)/.exec(out)![1]!;
      const res = await fetch(`${url}articles/${fx.articleId}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('3; changed 2 times');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const badPort = await promisify(execFile)(process.execPath, [bin, 'serve', '--port', 'eighty'], {
      env: { PATH: process.env.PATH, EDITWATCH_STATE_DIR: fx.state.path },
    }).catch((e: { code: number; stderr: string }) => e);
    // A bad option value is bad usage: exit code 2, as the README says.
    expect(badPort).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('expected a port number from 0 to 65535') as unknown,
    });
  });
});

/**
 * An archive app over a state written directly, one version an hour, each one's change to the next
 * stored as the pipeline stores it: for histories and text no page served today would give.
 */
async function archiveOfVersions(url: string, versions: { outlet: string; headline: string; paragraphs: string[] }[]) {
  const { Store } = await import('../src/store/index.ts');
  const { archiveApp } = await import('./helpers/archive-app.ts');
  const { diffArticles } = await import('../src/diff/index.ts');
  const { tempDir } = await import('./helpers/temp-dir.ts');
  const dir = tempDir();
  const store = await Store.open(`${dir.path}/editwatch.sqlite`);
  const { article: row } = await store.articles.track(url, '2026-11-01T00:00:00.000Z', 'test');
  let previous: { id: number; article: Parameters<typeof diffArticles>[1] } | null = null;
  for (const [i, v] of versions.entries()) {
    const article = {
      url,
      canonicalUrl: null,
      standfirst: null,
      byline: null,
      publishedAt: null,
      modifiedAt: null,
      ...v,
    };
    const at = new Date(Date.parse('2026-11-01T00:00:00.000Z') + (i + 1) * 3600_000).toISOString();
    const saved = await store.versions.save({
      articleId: row.id,
      check: { at, outcome: 'new-version', httpStatus: 200, errorCode: null, errorMessage: null, durationMs: 1 },
      next: { nextCheckAt: at },
      article,
      html: '',
      finalUrl: url,
      etag: null,
      lastModified: null,
      ...(previous
        ? { change: { fromVersionId: previous.id, diff: diffArticles(previous.article, article), posts: [] } }
        : {}),
    });
    previous = { id: saved.versionId, article };
  }
  const app = archiveApp(store, dir.path);
  return {
    app,
    articleId: row.id,
    async close() {
      await store.close();
      dir.remove();
    },
  };
}

describe('a long history', () => {
  it('shows the latest ten changes of an article and says how many older ones can be chosen', async () => {
    const versions = Array.from({ length: 13 }, (_, i) => ({
      outlet: 'Gazette',
      headline: `Headline ${i + 1}`,
      paragraphs: [`The figure is now ${(i + 1) * 7} and rising.`],
    }));
    const { app, articleId, close } = await archiveOfVersions('https://news.example/long', versions);
    try {
      const body = await (await app.request(`/articles/${articleId}`)).text();
      expect(body.match(/<h2 id="v\d+-v\d+">/g)).toHaveLength(10);
      expect(body).toContain('Version 12 → version 13');
      expect(body).not.toContain('Version 2 → version 3');
      expect(body).toContain('2 older changes are not shown here: choose the versions to compare above.');
      expect(await (await app.request(`/articles/${articleId}?from=1&to=2`)).text()).toContain('Version 1 → version 2');
    } finally {
      await close();
    }
  });
});

describe('text stored before bidi controls were removed', () => {
  it('reaches no page or feed with them', async () => {
    const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    // As an older extractor stored them: an override in the headline, isolates and marks in the text.
    const versions = ['\u202eMinister resigns\u202c', 'Minister \u2066quits\u2069 \u200f'].map((headline, i) => ({
      outlet: 'Gazette\u202e',
      headline,
      paragraphs: [`The \u202bfigure\u202c is now ${i + 1}.`],
    }));
    const { app, articleId, close } = await archiveOfVersions('https://news.example/bidi', versions);
    try {
      for (const path of [
        '/',
        `/articles/${articleId}`,
        `/articles/${articleId}?from=1&to=2`,
        '/outlets',
        `/outlets/${encodeURIComponent('Gazette\u202e')}`,
        '/feed.atom',
        `/articles/${articleId}/feed.atom`,
      ]) {
        const res = await app.request(path);
        expect(res.status, path).toBe(200);
        expect(await res.text(), path).not.toMatch(BIDI);
      }
      expect(await (await app.request(`/articles/${articleId}`)).text()).toContain('Minister quits');
    } finally {
      await close();
    }
  });
});
