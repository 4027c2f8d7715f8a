import { describe, expect, it } from 'vitest';
import { sideBySide } from './side-by-side.ts';

const P = [
  'The council voted on Tuesday night to close the only road bridge in town for at least a year.',
  'Engineers found serious corrosion in the steel supports during a routine inspection last month.',
  'Local shops on the east bank fear they will lose half of their customers during the closure.',
  'A temporary footbridge will be built so that pedestrians and cyclists can still cross the river.',
];
const base = { headline: 'Bridge to close', standfirst: null, byline: 'A. Writer' };
const text = (parts: { op: string; text: string }[] | null) => parts?.map((p) => (p.op === 'same' ? p.text : `[${p.op}:${p.text}]`)).join('') ?? null;

describe('the side-by-side rows', () => {
  it('aligns paragraphs row by row: same, edited with words marked on each side, inserted, deleted', () => {
    const rows = sideBySide({ ...base, paragraphs: P }, { ...base, headline: 'Bridge to close for 18 months', paragraphs: [P[0]!, P[1]!.replace('last month', 'in March'), P[3]!, 'The closure begins on Monday.'] });
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
});
