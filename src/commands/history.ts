import pc from 'picocolors';
import type { StateApp } from '../open-state.ts';
import { diffArticles } from '../diff/index.ts';
import { formatGap } from '../format-gap.ts';
import { describeChanges } from '../publish/post-text.ts';
import { changesToText, forTerminal, table } from './terminal.ts';
import { trackedArticle } from './tracked-article.ts';
import { chooseVersionPair } from './version-pair.ts';

export async function history(app: StateApp, input: string): Promise<number> {
  const article = await trackedArticle(app, input);
  const versions = await app.store.versions.all(article.id);
  const changes = await app.store.versions.changes(article.id);
  console.log(pc.bold(forTerminal(article.headline ?? article.url)));
  console.log(
    `${article.url}\n${versions.length} ${versions.length === 1 ? 'version' : 'versions'}, changed ${changes.length} ${changes.length === 1 ? 'time' : 'times'}\n`,
  );
  const byTarget = new Map(changes.map((c) => [c.toVersionId, c]));
  console.log(
    table(
      ['version', 'fetched', 'after', 'what changed', 'headline'],
      versions.map((v, i) => {
        const change = byTarget.get(v.id);
        const gap = i > 0 ? formatGap(Date.parse(v.fetchedAt) - Date.parse(versions[i - 1]!.fetchedAt)) : '';
        return [
          String(v.seq),
          v.fetchedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
          gap,
          change ? describeChanges(change.diff.summary) : i === 0 ? 'first seen' : '',
          v.article.headline,
        ];
      }),
    ),
  );
  return 0;
}

export async function diff(app: StateApp, input: string, options: { from?: number; to?: number }): Promise<number> {
  const article = await trackedArticle(app, input);
  const versions = await app.store.versions.all(article.id);
  const pair = chooseVersionPair(
    article.url,
    versions.map((v) => v.seq),
    options,
  );
  if (!pair) {
    console.log(`Only ${versions.length} version of ${article.url} so far: nothing to compare.`);
    return 0;
  }
  if (pair.note) console.error(`editwatch: ${pair.note}`);
  const { from, to } = pair;
  const a = versions.find((v) => v.seq === from)!;
  const b = versions.find((v) => v.seq === to)!;
  const result = diffArticles(a.article, b.article);
  console.log(pc.bold(forTerminal(b.article.headline)));
  console.log(
    `version ${from} (${a.fetchedAt}) -> version ${to} (${b.fetchedAt}), ${formatGap(Date.parse(b.fetchedAt) - Date.parse(a.fetchedAt))} later`,
  );
  console.log(`${describeChanges(result.summary)}\n`);
  console.log(result.changes.length ? changesToText(result.changes) : 'No changes.');
  return 0;
}
