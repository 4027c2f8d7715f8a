import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../test/helpers/corpus.ts';
import { nestedDivs, shortParagraphs } from '../../test/helpers/hostile-pages.ts';
import { createExtractor, type Extractor } from './extractor.ts';
import { DEFAULT_LIMITS, ExtractError, extractArticle, type ExtractLimits } from './index.ts';

// Caps lifted, so that only the worker's time and memory limits stand between a page and the bot.
const NO_CAPS: ExtractLimits = {
  ...DEFAULT_LIMITS,
  maxDepth: 100_000,
  maxNodes: 10_000_000,
  maxWork: Number.MAX_SAFE_INTEGER,
  fallback: { maxNodes: 10_000_000, maxDepth: 100_000, maxAttributeLength: 100_000_000 },
};
const page = loadCorpus().find((p) => p.name === 'bbc-1')!;

let extractor: Extractor | null = null;
afterEach(async () => {
  await extractor?.close();
  extractor = null;
});

async function refusal(promise: Promise<unknown>): Promise<ExtractError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExtractError);
  return err as ExtractError;
}

describe('the extractor in a worker thread', () => {
  it('reads a page as extractArticle does, and passes refusals back with their reason', async () => {
    extractor = createExtractor({ timeoutMs: 10_000 });
    expect(await extractor.extract(page.html, page.url)).toEqual(extractArticle(page.html, page.url));
    const err = await refusal(extractor.extract(nestedDivs(600), 'https://hostile.example/deep'));
    expect(err).toMatchObject({ reason: 'too-complex', url: 'https://hostile.example/deep' });
  }, 60_000);

  it('stops a page past the time limit, refuses it, and reads the next page in a new worker', async () => {
    // Readability on 1,000 nested divs takes tens of seconds.
    extractor = createExtractor({ timeoutMs: 500, limits: NO_CAPS });
    const started = Date.now();
    const err = await refusal(extractor.extract(nestedDivs(1_000), 'https://hostile.example/slow'));
    expect(err.reason).toBe('timeout');
    expect(err.message).toContain('took more than 500 ms');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await extractor.extract(page.html, page.url)).headline).toBe(extractArticle(page.html, page.url).headline);
  }, 90_000);

  it('refuses a page that needs more memory than the worker has, and reads the next page in a new worker', async () => {
    extractor = createExtractor({ timeoutMs: 60_000, maxMemoryMb: 64, limits: NO_CAPS });
    const err = await refusal(extractor.extract(shortParagraphs(200_000), 'https://hostile.example/big'));
    expect(err.reason).toBe('out-of-memory');
    expect((await extractor.extract(page.html, page.url)).headline).toBe(extractArticle(page.html, page.url).headline);
  }, 90_000);

  it('does not hold up closing: a page being read is refused at once', async () => {
    extractor = createExtractor({ timeoutMs: 120_000, limits: NO_CAPS });
    await extractor.extract(page.html, page.url);
    const reading = refusal(extractor.extract(nestedDivs(1_000), 'https://hostile.example/slow'));
    const started = Date.now();
    await extractor.close();
    expect((await reading).reason).toBe('worker-failed');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 90_000);
});
