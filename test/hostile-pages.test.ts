import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, extractorOptionsFrom, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { articlePage, DEMO_VERSIONS } from '../src/demo/article-page.ts';
import { createExtractor } from '../src/extract/extractor.ts';
import { DEFAULT_LIMITS } from '../src/extract/index.ts';
import { createLogger } from '../src/log.ts';
import type { CheckOutcome } from '../src/schedule/check-article.ts';
import { deepJsonLd, nestedDivs, shortParagraphs } from './helpers/hostile-pages.ts';
import { html, startServer, type TestServer } from './helpers/http-server.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { BUILT_WORKERS } from './helpers/build-child.ts';

// Pages anyone can send by mention, served on 127.0.0.1 next to a normal article, through real check cycles.

let server: TestServer;
let state: ReturnType<typeof tempDir>;
let app: App | null = null;

beforeEach(async () => {
  state = tempDir();
  server = await startServer();
  server.route('/news/story', html(articlePage(DEMO_VERSIONS[0]!, 1, `${server.origin}/news/story`)));
  server.route('/hostile/deep', html(nestedDivs(5_000)));
  server.route('/hostile/paragraphs', html(shortParagraphs(200_000)));
  server.route('/hostile/json-ld', html(deepJsonLd(1_000_000)));
  server.route('/hostile/slow', html(nestedDivs(1_000)));
});
afterEach(async () => {
  await app?.close();
  app = null;
  await server.close();
  state.remove();
});

async function startApp(
  extractorFor?: (options: ReturnType<typeof extractorOptionsFrom>) => ReturnType<typeof createExtractor>,
): Promise<App> {
  const config = loadConfig({
    EDITWATCH_STATE_DIR: state.path,
    EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
    EDITWATCH_HOST_DELAY_MS: '0',
    EDITWATCH_FETCH_TIMEOUT_MS: '10000',
    LOG_LEVEL: 'silent',
  });
  const log = createLogger(config.log);
  return createApp(config, log, {
    workerDir: BUILT_WORKERS,
    ...(extractorFor
      ? { extractor: extractorFor({ ...extractorOptionsFrom(config, log), workerDir: BUILT_WORKERS }) }
      : {}),
  });
}

async function cycle(paths: string[]): Promise<{ byPath: Map<string, CheckOutcome>; ms: number }> {
  for (const p of paths) await app!.store.articles.track(`${server.origin}${p}`, new Date().toISOString(), 'test');
  const started = Date.now();
  const report = await app!.runCycle({ force: true });
  return { byPath: new Map(report.results.map((r) => [new URL(r.url).pathname, r.result])), ms: Date.now() - started };
}

/** The error a check of `path` ended with, and whether its message says `what`. */
function failure(
  byPath: Map<string, CheckOutcome>,
  path: string,
  what = '',
): { code: string; says: boolean } | CheckOutcome | undefined {
  const result = byPath.get(path);
  return result?.outcome === 'error' ? { code: result.code, says: result.message.includes(what) } : result;
}

describe('hostile pages in a check cycle', () => {
  it('are refused with the cap they pass, while the article beside them is checked', async () => {
    app = await startApp();
    const { byPath, ms } = await cycle(['/hostile/deep', '/hostile/paragraphs', '/hostile/json-ld', '/news/story']);
    expect(byPath.get('/news/story')!.outcome).toBe('first-version');
    expect(failure(byPath, '/hostile/deep', 'more than 512 levels of nesting')).toEqual({
      code: 'extract-too-complex',
      says: true,
    });
    expect(failure(byPath, '/hostile/paragraphs', 'more than 50,000 nodes')).toEqual({
      code: 'extract-too-complex',
      says: true,
    });
    expect(failure(byPath, '/hostile/json-ld', 'in its JSON-LD')).toEqual({ code: 'extract-too-complex', says: true });
    // Recorded against the article, as any failed check is.
    const deep = (await app.store.articles.get(`${server.origin}/hostile/deep`))!;
    expect(deep.last_error).toContain('too complex to read');
    expect((await app.store.checks.of(deep.id))[0]).toMatchObject({
      outcome: 'error',
      error_code: 'extract-too-complex',
    });
    expect(ms).toBeLessThan(60_000);
  }, 120_000);

  it('a page only the time limit catches is stopped and refused; the cycle goes on and the bot closes at once', async () => {
    // With the caps lifted, Readability on 1,000 nested divs takes tens of seconds: the worker's time limit ends it.
    const noCaps = {
      ...DEFAULT_LIMITS,
      maxDepth: 100_000,
      fallback: { maxNodes: 10_000_000, maxDepth: 100_000, maxAttributeLength: 100_000_000 },
    };
    app = await startApp((options) => createExtractor({ ...options, timeoutMs: 1_000, limits: noCaps }));
    const { byPath, ms } = await cycle(['/hostile/slow', '/news/story']);
    expect(failure(byPath, '/hostile/slow', 'took more than 1000 ms')).toEqual({ code: 'extract-timeout', says: true });
    expect(byPath.get('/news/story')!.outcome).toBe('first-version');
    expect(ms).toBeLessThan(60_000);
    const closing = Date.now();
    await app.close();
    app = null;
    expect(Date.now() - closing).toBeLessThan(10_000);
  }, 120_000);
});
