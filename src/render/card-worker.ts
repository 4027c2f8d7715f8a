// Runs in a worker thread: one FontLibrary per worker, cards rendered off the main thread.
import { renderCards, type RenderedCard, type ThemeName } from './cards.ts';
import { FontLibrary } from './fonts.ts';
import type { CardInput } from './layout.ts';

const fonts = new FontLibrary();

export default function render(task: { input: CardInput; theme: ThemeName }): Promise<RenderedCard[]> {
  return renderCards(task.input, task.theme, fonts);
}
