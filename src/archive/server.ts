import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { apiRoutes } from './api.ts';
import { BadRequest, NotFound } from './http.ts';
import { html } from './pages/html.ts';
import { page } from './pages/layout.ts';
import { articleRoutes } from './routes/articles.ts';
import { changeRoutes } from './routes/changes.ts';
import { mediaRoutes } from './routes/media.ts';
import { outletRoutes } from './routes/outlets.ts';
import { statusRoutes } from './routes/status.ts';
import { siteOf, type ArchiveDeps } from './site.ts';

export type { ArchiveDeps } from './site.ts';

/**
 * The web archive: server-rendered pages that need no JavaScript, Atom feeds, a JSON API, the cards; one
 * route group per address, errors and unknown addresses answered here for all of them.
 */
export function createArchiveApp(deps: ArchiveDeps): Hono {
  const { render } = siteOf(deps);
  const app = new Hono();
  // The pages run no script and load nothing from elsewhere; say so to the browser.
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'strict-origin-when-cross-origin',
    }),
  );

  app.onError((err, c) => {
    const api = c.req.path.startsWith('/api/');
    const status = err instanceof BadRequest ? 400 : err instanceof NotFound ? 404 : 500;
    if (status === 500)
      deps.log.error({ path: c.req.path, err: err.message, stack: err.stack }, 'archive request failed');
    const message = status === 500 ? 'internal error' : err.message;
    if (api) return c.json({ error: message }, status);
    return c.html(
      page(
        { title: status === 404 ? 'Not found' : status === 400 ? 'Bad request' : 'Error', botName: deps.botName },
        html`<h1>${status === 404 ? 'Not found' : status === 400 ? 'Bad request' : 'Something went wrong'}</h1><p>${message}</p><p><a href="/">Recent changes</a></p>`,
      ),
      status,
    );
  });
  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: `no such address: ${c.req.path}` }, 404);
    return render(
      c,
      'Not found',
      html`<h1>Not found</h1><p>Nothing lives at ${c.req.path}.</p><p><a href="/">Recent changes</a></p>`,
      undefined,
      404,
    );
  });

  app.route('/', changeRoutes(deps));
  app.route('/outlets', outletRoutes(deps));
  app.route('/articles', articleRoutes(deps));
  app.route('/status', statusRoutes(deps));
  app.route('/media', mediaRoutes(deps.media));
  app.route('/api', apiRoutes(deps.store));
  return app;
}
