import { articlePage, DEMO_VERSIONS, type DemoArticle } from '../../src/demo/article-page.ts';
import { startServer, type TestServer } from './http-server.ts';

/**
 * A real article page on 127.0.0.1 that a test can edit: each `edit()` changes its headline and a
 * paragraph, so the next check finds a new version. The headline has non-ASCII text (so a Bluesky
 * link facet's byte offsets differ from its character offsets).
 */
export async function startEditedArticle(
  path = '/news/story',
): Promise<{ url: string; server: TestServer; edits: number; edit(): void; close(): Promise<void> }> {
  const server = await startServer();
  const base = DEMO_VERSIONS[0] as DemoArticle;
  const state = { edits: 0 };
  const version = (): DemoArticle => {
    if (state.edits === 0) return { ...base, headline: `${base.headline} in Zürich – “café” 🚋` };
    const [first = '', ...rest] = base.paragraphs;
    return {
      ...base,
      headline: `${base.headline} in Zürich – “café” 🚋 (update ${state.edits})`,
      paragraphs: [`${first} Correction number ${state.edits}: the figures given earlier were wrong.`, ...rest],
    };
  };
  server.route(path, (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(articlePage(version(), 1, `${server.origin}${path}`));
  });
  return {
    url: `${server.origin}${path}`,
    server,
    get edits() {
      return state.edits;
    },
    edit() {
      state.edits++;
    },
    close: () => server.close(),
  };
}
