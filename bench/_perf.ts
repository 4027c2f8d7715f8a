import { diffArticles } from '../src/diff/index.ts';
import { DEMO_VERSIONS } from '../src/demo/article-page.ts';
import { FontLibrary } from '../src/render/fonts.ts';
import { cardSvg } from '../src/render/cards.ts';
import { layoutCards } from '../src/render/layout.ts';
import { rasterise } from '../src/render/rasterise.ts';
const fonts = new FontLibrary();
const [a, , b] = DEMO_VERSIONS;
const input = { outlet: 'The Riverside Ledger', headline: b!.headline, url: 'https://www.riversideledger.example/news/2026/11/25/riverside-bridge-closure', previousAt: '2026-11-25T08:05:00Z', currentAt: '2026-11-25T09:08:00Z', botName: 'editwatch', diff: diffArticles(a!, b!) };
const { cards } = layoutCards(input);
for (const [i, card] of cards.entries()) {
  let svg = await cardSvg(card, 'light', fonts);
  const t0 = performance.now(); for (let k = 0; k < 10; k++) svg = await cardSvg(card, 'light', fonts); const t1 = performance.now();
  for (let k = 0; k < 10; k++) rasterise(svg); const t2 = performance.now();
  console.log('card', i + 1, 'satori', ((t1 - t0) / 10).toFixed(1), 'rasterise', ((t2 - t1) / 10).toFixed(1), 'svg', svg.length);
}
import satori from 'satori';
import { editCard } from '../templates/card.ts';
import { THEMES } from '../templates/theme.ts';
{
  const card = cards[0]!;
  for (const n of [2, 4, 16]) {
    const f = fonts.base.filter((_, i) => i < n);
    const opts = { width: 1200, height: 675, fonts: f, loadAdditionalAsset: fonts.loadAdditionalAsset };
    await satori(editCard(card, THEMES.light) as never, opts);
    const t0 = performance.now(); for (let k = 0; k < 10; k++) await satori(editCard(card, THEMES.light) as never, opts);
    console.log(n, 'fonts: satori', ((performance.now() - t0) / 10).toFixed(1));
  }
}
