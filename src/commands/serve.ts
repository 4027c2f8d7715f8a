import { serve, type ServerType } from '@hono/node-server';
import type { StateApp } from '../open-state.ts';
import { createArchiveApp } from '../archive/server.ts';
import { cardMediaOf } from '../publish/card-folder.ts';

/** Starts the archive's web server; resolves with its address once it listens. */
export async function startArchive(
  app: StateApp,
  host: string,
  port: number,
): Promise<{ url: string; server: ServerType }> {
  const archive = createArchiveApp({
    store: app.store,
    media: cardMediaOf(app.store, app.config.state.mediaDir),
    botName: app.config.cards.botName,
    policy: app.config.schedule.policy,
    publicUrl: app.config.archive.publicUrl,
    log: app.log,
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: archive.fetch, hostname: host, port }, (info) =>
      resolve({ url: `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`, server }),
    );
    server.once('error', reject);
  });
}

/** `editwatch serve`: the archive from the same state, until SIGINT/SIGTERM. */
export async function serveCommand(app: StateApp, options: { host?: string; port?: number }): Promise<number> {
  const host = options.host ?? app.config.archive.host;
  const { url, server } = await startArchive(app, host, options.port ?? app.config.archive.port);
  app.log.info({ url }, 'archive serving');
  console.log(`archive: ${url}/`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
}
