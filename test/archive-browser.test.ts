import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveFixture } from './helpers/archive-fixture.ts';
import { compareWithReference } from './helpers/png-compare.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = existsSync(CHROMIUM) ? null : `${CHROMIUM} not found (apt-get install chromium)`;
if (missing && process.env.CI) throw new Error(`CI must run the browser tests, but ${missing}`);
const REFERENCE = resolve(import.meta.dirname, 'fixtures/archive/article-v1-v3.png');

let fx: Awaited<ReturnType<typeof archiveFixture>>;
let browser: Browser;

beforeAll(async () => {
  if (missing) return;
  fx = await archiveFixture();
  // Debian's Chromium, headless, with nothing that would reach beyond this machine.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--font-render-hinting=none',
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

describe.skipIf(missing)('the archive in a real browser (headless Chromium)', () => {
  it('compares two chosen versions of an article side by side, with no JavaScript on the page', async () => {
    const context = await browser.newContext({
      viewport: { width: 1100, height: 900 },
      javaScriptEnabled: false,
      colorScheme: 'light',
    });
    const page = await context.newPage();
    await page.goto(`${fx.url}/articles/${fx.articleId}`);
    // By default: each consecutive pair.
    expect(await page.locator('section.comparison h2').allTextContents()).toEqual([
      'Version 2 → version 3',
      'Version 1 → version 2',
    ]);
    await page.selectOption('#from', '1');
    await page.selectOption('#to', '3');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/from=1&to=3$/);
    expect(await page.locator('section.comparison h2').allTextContents()).toEqual(['Version 1 → version 3']);
    const headline = page.locator('table.diff tr', { has: page.locator('th', { hasText: 'Headline' }) });
    expect(await headline.locator('td').nth(0).locator('del').count()).toBe(0);
    expect((await headline.locator('td').nth(1).locator('ins').allTextContents()).join('')).toBe(' (update 2)');
    const first = page.locator('table.diff tr', { has: page.locator('th', { hasText: '¶1' }) });
    expect((await first.locator('td').nth(1).locator('ins').allTextContents()).join('')).toBe(
      ' Correction number 2: the figures given earlier were wrong.',
    );
    expect(await page.locator('table.diff tr.same').count()).toBe(7); // standfirst, byline and five paragraphs
    // Landmarks, and the versions chosen stay chosen.
    expect(await page.locator('header, nav, main, footer').count()).toBe(4);
    expect(await page.locator('#from').inputValue()).toBe('1');

    const shot = await page.locator('section.comparison').screenshot();
    const { share } = compareWithReference(shot, REFERENCE);
    if (share > 0.01) writeFileSync(join(tmpdir(), 'editwatch-article-v1-v3.png'), shot);
    expect(
      share,
      `differs from the reference a person checked; this run's image is in ${tmpdir()}/editwatch-article-v1-v3.png`,
    ).toBeLessThan(0.01);
    await context.close();
  });

  it('is readable on a phone: nothing wider than the screen, rows stacked', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`${fx.url}/articles/${fx.articleId}?from=1&to=3`);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    // Each side labels itself when the two columns are stacked.
    const label = await page
      .locator('table.diff td')
      .first()
      .evaluate((td) => getComputedStyle(td, '::before').content);
    expect(label).toBe('"Version 1"');
    mkdirSync(join(tmpdir(), 'editwatch-shots'), { recursive: true });
    await page.screenshot({ path: join(tmpdir(), 'editwatch-shots', 'phone.png'), fullPage: false });
    await context.close();
  });
});
