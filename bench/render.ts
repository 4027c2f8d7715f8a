import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { chromium, type Page } from 'playwright-core';
import { cardSvg } from '../src/render/cards.ts';
import { FontLibrary } from '../src/render/fonts.ts';
import { layoutCards } from '../src/render/layout.ts';
import { rasterise } from '../src/render/rasterise.ts';
import { inlineRenderer, pooledRenderer } from '../src/render/renderer.ts';
import { editCard } from '#templates/card.ts';
import type { CardData } from '#templates/card-data.ts';
import { THEMES } from '#templates/theme.ts';
import { CARD_FIXTURES } from '../test/helpers/card-fixtures.ts';
import { cardHtml, fontPage } from './card-html.ts';
import { ms, summarise } from './stats.ts';

const CHROMIUM = '/usr/bin/chromium';
// Flags for a closed network and a root user: see the machine notes.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function benchRender(): Promise<void> {
  const fonts = new FontLibrary();
  const cards: { name: string; data: CardData }[] = Object.entries(CARD_FIXTURES).flatMap(([name, input]) =>
    layoutCards(input).cards.map((data) => ({ name, data })),
  );
  console.log(
    `\nCard rendering: ${cards.length} cards from ${Object.keys(CARD_FIXTURES).length} fixtures (every layout and script), 1200x675 PNG\n`,
  );

  // One core: each card drawn repeatedly, after a warm-up that loads its fonts.
  const satoriTimes: number[] = [];
  const resvgTimes: number[] = [];
  const totals: number[] = [];
  for (const { data } of cards) await cardSvg(data, 'light', fonts).then(rasterise);
  for (let round = 0; round < 8; round++) {
    for (const { data } of cards) {
      const t0 = performance.now();
      const svg = await cardSvg(data, 'light', fonts);
      const t1 = performance.now();
      rasterise(svg);
      const t2 = performance.now();
      satoriTimes.push(t1 - t0);
      resvgTimes.push(t2 - t1);
      totals.push(t2 - t0);
    }
  }
  const one = summarise(totals);
  const headline = cards.find((c) => c.name === 'headline-only')!.data;
  const headlineTimes: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    rasterise(await cardSvg(headline, 'light', fonts));
    headlineTimes.push(performance.now() - t0);
  }
  console.log(
    `  editwatch, one core     median ${ms(one.median)}, p95 ${ms(one.p95)} per card (Satori ${ms(summarise(satoriTimes).median)}, resvg + PNG ${ms(summarise(resvgTimes).median)}); headline-only card ${ms(summarise(headlineTimes).median)}`,
  );

  // All cores: the worker pool the bot uses, against the same work on the main thread.
  const inputs = Array.from({ length: 5 }, () => Object.values(CARD_FIXTURES)).flat();
  const throughput = async (render: (i: (typeof inputs)[number]) => Promise<unknown[]>) => {
    // Warm up the same way for both (JIT, fonts): three rounds of every fixture, all at once.
    for (let round = 0; round < 3; round++) await Promise.all(Object.values(CARD_FIXTURES).map(render));
    const t0 = performance.now();
    const counts = await Promise.all(inputs.map(async (i) => (await render(i)).length));
    return (counts.reduce((a, b) => a + b, 0) / (performance.now() - t0)) * 1000;
  };
  const inline = inlineRenderer('light');
  const single = await throughput((i) => inline.render(i));
  const pool = pooledRenderer('light', { threads: availableParallelism() });
  const pooled = await throughput((i) => pool.render(i));
  await pool.close();
  console.log(
    `  editwatch, ${availableParallelism()} cores      ${pooled.toFixed(1)} cards/s with the worker pool (${single.toFixed(1)} cards/s on the main thread alone: ${(pooled / single).toFixed(2)}x)`,
  );

  if (!existsSync(CHROMIUM)) {
    console.log(`  Chromium: skipped, ${CHROMIUM} not found (apt-get install chromium)`);
    return;
  }
  // Every font any card uses, declared once on the page; each card's markup is then swapped in.
  const allText = cards.map((c) => JSON.stringify(c.data)).join(' ');
  const page0 = fontPage([...new Set(fonts.fontsFor(allText))]);
  const draw = async (page: Page, data: CardData) => {
    await page.evaluate(
      (html) => {
        document.body.innerHTML = html;
        return document.fonts.ready.then(() => undefined);
      },
      cardHtml(editCard(data, THEMES.light)),
    );
    return page.screenshot({ type: 'png' });
  };
  const open = async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1200, height: 675 } });
    await page.setContent(page0);
    return { browser, page };
  };
  // Warm: one browser and one page for every card.
  const warmBrowser = await open();
  for (const { data } of cards) await draw(warmBrowser.page, data);
  const warm: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const { data } of cards) {
      const t0 = performance.now();
      await draw(warmBrowser.page, data);
      warm.push(performance.now() - t0);
    }
  }
  await warmBrowser.browser.close();
  // Cold: a browser launched per card, as older edit bots do (the fonts load with it).
  const cold: number[] = [];
  for (const { data } of cards.slice(0, 8)) {
    const t0 = performance.now();
    const b = await open();
    await draw(b.page, data);
    await b.browser.close();
    cold.push(performance.now() - t0);
  }
  const w = summarise(warm);
  const c = summarise(cold);
  console.log(
    `  Chromium, warm          median ${ms(w.median)}, p95 ${ms(w.p95)} per card (one browser and page, fonts loaded once)`,
  );
  console.log(
    `  Chromium, cold          median ${ms(c.median)}, p95 ${ms(c.p95)} per card (a browser launched per card)`,
  );
  console.log('');
  console.log(
    `  editwatch is ${(w.median / one.median).toFixed(1)}x faster than warm Chromium and ${(c.median / one.median).toFixed(1)}x faster than cold Chromium (median, one core)`,
  );
  console.log(
    `  aim: ≤15 ms median per card (${one.median <= 15 ? 'met' : 'NOT met'}), ≥60 cards/s on 2 cores (${pooled >= 60 ? 'met' : 'NOT met'})`,
  );
}
