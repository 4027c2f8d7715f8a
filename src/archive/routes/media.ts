import { Hono } from 'hono';
import type { CardMedia } from '../../store/index.ts';
import { NotFound } from '../http.ts';

/** `/media/:folder/:file`: the cards posted, from wherever the state keeps them. */
export function mediaRoutes(media: CardMedia): Hono {
  const routes = new Hono();

  routes.get('/:folder/:file', async (c) => {
    const { folder, file } = c.req.param();
    // Names as the pipeline makes them, nothing that could climb out of the media folder.
    if (!/^[\w-]+$/.test(folder) || !/^[\w-]+\.png$/.test(file)) throw new NotFound('no such image');
    const bytes = await media.read(folder, file);
    if (!bytes) throw new NotFound('no such image');
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'image/png',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });

  return routes;
}
