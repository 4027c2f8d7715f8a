import type { Context } from 'hono';
import type { Logger } from '../log.ts';
import type { SchedulePolicy } from '../schedule/policy.ts';
import type { CardMedia, Store } from '../store/index.ts';
import { page, type Html } from './pages/layout.ts';

/** What the archive's pages are made from. */
export interface ArchiveDeps {
  store: Store;
  /** Where the posted cards are. */
  media: CardMedia;
  botName: string;
  policy: SchedulePolicy;
  /** The archive's public address, for feed links; else the address of each request. */
  publicUrl: string | null;
  log: Logger;
}

/** Changes in each Atom feed. */
export const FEED_SIZE = 50;

/** How the route groups answer: a page in the site's layout, an Atom feed, and the address feeds link to. */
export function siteOf(deps: ArchiveDeps) {
  return {
    base: (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin,
    render: (
      c: Context,
      title: string,
      body: Html,
      feed?: { href: string; title: string },
      status: 200 | 404 | 400 = 200,
    ) => c.html(page({ title, botName: deps.botName, ...(feed ? { feed } : {}) }, body), status),
    atom: (c: Context, body: string) => c.body(body, 200, { 'content-type': 'application/atom+xml; charset=utf-8' }),
  };
}
