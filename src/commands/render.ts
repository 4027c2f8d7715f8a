import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StateApp } from '../open-state.ts';
import { diffArticles } from '../diff/index.ts';
import { inlineRenderer } from '../render/renderer.ts';
import type { ThemeName } from '../render/cards.ts';
import { trackedArticle } from './tracked-article.ts';
import { chooseChangeTarget } from './version-pair.ts';

/** Writes the cards of an article's latest change (or of the one that led to version `--to`) to a folder, with their alt text. */
export async function render(
  app: StateApp,
  input: string,
  options: { out?: string; theme?: ThemeName; to?: number },
): Promise<number> {
  const article = await trackedArticle(app, input);
  const url = article.url;
  const versions = await app.store.versions.all(article.id);
  const to = chooseChangeTarget(
    url,
    versions.map((v) => v.seq),
    options.to,
  );
  if (to === null) {
    console.log(`Only ${versions.length} version of ${url} so far: no change to draw.`);
    return 0;
  }
  const after = versions.find((v) => v.seq === to)!;
  const before = versions.find((v) => v.seq === to - 1)!;
  const renderer = inlineRenderer(options.theme ?? app.config.cards.theme);
  const cards = await renderer.render({
    outlet: after.article.outlet,
    headline: after.article.headline,
    url,
    previousAt: before.fetchedAt,
    currentAt: after.fetchedAt,
    botName: app.config.cards.botName,
    diff: diffArticles(before.article, after.article),
  });
  const dir = resolve(options.out ?? join('cards', `article-${article.id}-v${to}`));
  mkdirSync(dir, { recursive: true });
  for (const [i, card] of cards.entries()) {
    const file = join(dir, `card-${i + 1}.png`);
    writeFileSync(file, card.png);
    writeFileSync(join(dir, `card-${i + 1}.alt.txt`), `${card.alt.mastodon}\n`);
    console.log(`${file} (${card.width}x${card.height}, ${Math.round(card.png.length / 1024)} KB)`);
  }
  if (cards.length === 0) console.log('The change has nothing a card shows.');
  return 0;
}
