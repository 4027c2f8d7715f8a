import type { Store } from './index.ts';

/** The card folders (in the media folder) that stored posts use. */
export async function usedMediaFolders(store: Store): Promise<Set<string>> {
  const rows = await store.db.selectFrom('posts').select('media').distinct().where('media', 'is not', null).execute();
  return new Set(rows.map((r) => r.media!));
}
