import { describe, expect, it } from 'vitest';
import { sideBySide } from './side-by-side.ts';

const P = [
  'The council voted on Tuesday night to close the only road bridge in town for at least a year.',
  'Engineers found serious corrosion in the steel supports during a routine inspection last month.',
  'Local shops on the east bank fear they will lose half of their customers during the closure.',
  'A temporary footbridge will be built so that pedestrians and cyclists can still cross the river.',
];
const base = { headline: 'Bridge to close', standfirst: null, byline: 'A. Writer' };
const text = (parts: { op: string; text: string }[] | null) =>
  parts?.map((p) => (p.op === 'same' ? p.text : `[${p.op}:${p.text}]`)).join('') ?? null;

describe('the side-by-side rows', () => {
  it('aligns paragraphs row by row: same, edited with words marked on each side, inserted, deleted', () => {
    const rows = sideBySide(
      { ...base, paragraphs: P },
      {
        ...base,
        headline: 'Bridge to close for 18 months',
        paragraphs: [P[0]!, P[1]!.replace('last month', 'in March'), P[3]!, 'The closure begins on Monday.'],
      },
    );
    expect(rows.map((r) => [r.kind, r.label])).toEqual([
      ['field', 'Headline'],
      ['same', 'Byline'],
      ['same', '¶1'],
      ['edited', '¶2'],
      ['deleted', '¶3'],
      ['same', '¶4 → ¶3'],
      ['inserted', '¶4'],
    ]);
    expect(text(rows[0]!.right)).toBe('Bridge to close[added: for 18 months]');
    expect(text(rows[3]!.left)).toContain('[removed:last month]');
    expect(text(rows[3]!.right)).toContain('[added:in March]');
    expect(rows[4]!.right).toBeNull();
    expect(rows[6]!.left).toBeNull();
    expect(text(rows[6]!.right)).toBe('[added:The closure begins on Monday.]');
  });

  it('marks a paragraph that moved', () => {
    const rows = sideBySide({ ...base, paragraphs: P }, { ...base, paragraphs: [P[3]!, P[0]!, P[1]!, P[2]!] });
    const moved = rows.filter((r) => r.kind === 'moved');
    expect(moved.map((r) => r.label)).toEqual(['¶4 → ¶1']);
    expect(text(moved[0]!.left)).toBe(P[3]);
  });

  it('marks whole words on each side: a compound, an amount, a rewritten sentence beside a one-word edit', () => {
    const kept = ' The Israel-Hamas talks in Cairo were paused while rescuers searched the building.';
    const before = [
      `Twenty-three people were hurt, and damage was put at £20m. Police said the man was arrested at the scene.${kept}`,
    ];
    const after = [
      `Twenty-four people were hurt, and damage was put at £25m. Officers later released a 34-year-old man without charge.${kept}`,
    ];
    const rows = sideBySide({ ...base, paragraphs: before }, { ...base, paragraphs: after });
    const edited = rows.find((r) => r.kind === 'edited')!;
    expect(text(edited.left)).toBe(
      `[removed:Twenty-three] people were hurt, and damage was put at [removed:£20m]. [removed:Police said the man was arrested at the scene.]${kept}`,
    );
    expect(text(edited.right)).toBe(
      `[added:Twenty-four] people were hurt, and damage was put at [added:£25m]. [added:Officers later released a 34-year-old man without charge.]${kept}`,
    );
  });
});
