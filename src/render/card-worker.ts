// Runs in a worker thread: one FontLibrary per worker, cards rendered off the main thread.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { renderCards, type RenderedCard, type ThemeName } from './cards.ts';
import { FontLibrary } from './fonts.ts';
import type { CardInput } from './layout.ts';

const fonts = new FontLibrary();

// resvg's parsed SVG and pixmap (about 7 MB a card) live in native memory behind small JavaScript objects
// that V8 does not weigh and that outlive the young generation, so they went only at V8's occasional full
// collections. A full collection after each change frees them (resvg-js has no free()); V8 offers it to
// code only behind this flag. `npm run bench -- card-memory` measures it against leaving it to V8.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export interface CardTask {
  input: CardInput;
  theme: ThemeName;
  /** false: leave collecting to V8 (the benchmark's other side). */
  collect?: boolean;
}

export default async function render(task: CardTask): Promise<RenderedCard[]> {
  const cards = await renderCards(task.input, task.theme, fonts);
  // Once the reply has gone (Piscina posts it in a microtask): the cards do not wait for the collection.
  if (task.collect !== false) setImmediate(collectGarbage);
  return cards;
}
