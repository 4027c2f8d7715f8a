/** Colours of a card. Changes are never shown by colour alone: removed text is struck through, added underlined. */
export interface Theme {
  name: 'light' | 'dark';
  background: string;
  text: string;
  muted: string;
  rule: string;
  removedText: string;
  removedTint: string;
  addedText: string;
  addedTint: string;
  labelText: string;
  labelBackground: string;
  accent: string;
}

// Contrast of text on its tint is at least 7:1 in both themes (WCAG AAA), so greyscale prints stay legible.
export const THEMES: Record<Theme['name'], Theme> = {
  light: {
    name: 'light',
    background: '#ffffff',
    text: '#16181d',
    muted: '#555b66',
    rule: '#d9dce1',
    removedText: '#8a0d12',
    removedTint: '#fde3e3',
    addedText: '#0b5a1f',
    addedTint: '#dcf5e3',
    labelText: '#ffffff',
    labelBackground: '#3a3f4b',
    accent: '#1f4fd1',
  },
  dark: {
    name: 'dark',
    background: '#15171c',
    text: '#eef0f3',
    muted: '#aab0bb',
    rule: '#343945',
    removedText: '#ffb4b4',
    removedTint: '#4a1c1f',
    addedText: '#a6f0bc',
    addedTint: '#153a23',
    labelText: '#15171c',
    labelBackground: '#c9ced8',
    accent: '#8fb0ff',
  },
};
