import { startArchive } from '../../src/commands/serve.ts';
import { startEditedArticle } from './edited-article.ts';
import { tempDir } from './temp-dir.ts';
import { testApp } from './test-app.ts';

/**
 * A state with one article in three versions (two edits, each posted to the dry-run outbox with its
 * cards), a second article that never changed, and the archive serving it on 127.0.0.1.
 */
export async function archiveFixture(env: Record<string, string> = {}) {
  const state = tempDir();
  const article = await startEditedArticle();
  const quiet = await startEditedArticle('/news/quiet');
  const { app, advance } = await testApp(state.path, env);
  await app.store.articles.track(article.url, new Date(Date.parse('2026-11-25T08:00:00Z')).toISOString(), 'test');
  await app.store.articles.track(quiet.url, new Date(Date.parse('2026-11-25T08:00:00Z')).toISOString(), 'test');
  await app.runCycle({ force: true });
  for (const minutes of [45, 80]) {
    article.edit();
    advance(minutes);
    await app.runCycle({ force: true });
  }
  const id = (await app.store.articles.get(article.url))!.id;
  const { url, server } = await startArchive(app, '127.0.0.1', 0);
  return {
    app: app,
    url,
    articleId: id,
    articleUrl: article.url,
    quietId: (await app.store.articles.get(quiet.url))!.id,
    state,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await article.close();
      await quiet.close();
      state.remove();
    },
  };
}
