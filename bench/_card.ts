import { writeFileSync } from 'node:fs';
import { diffArticles } from '../src/diff/index.ts';
import { DEMO_VERSIONS } from '../src/demo/article-page.ts';
import { FontLibrary } from '../src/render/fonts.ts';
import { renderCards } from '../src/render/cards.ts';
const fonts = new FontLibrary();
const [a, , b] = DEMO_VERSIONS;
const input = { outlet: 'The Riverside Ledger', headline: b!.headline, url: 'https://www.riversideledger.example/news/2026/11/25/riverside-bridge-closure', previousAt: '2026-11-25T08:05:00Z', currentAt: '2026-11-25T09:08:00Z', botName: 'editwatch', diff: diffArticles(a!, b!) };
for (const theme of ['light', 'dark'] as const) {
  const t0 = performance.now();
  const cards = await renderCards(input, theme, fonts);
  console.log(theme, cards.length, 'cards', (performance.now() - t0).toFixed(0), 'ms', cards.map((c) => c.png.length));
  cards.forEach((c, i) => writeFileSync(`/tmp/card-${theme}-${i + 1}.png`, c.png));
  if (theme === 'light') console.log(cards[0]!.alt.mastodon);
}
