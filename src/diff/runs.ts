// Shaping a word diff into runs a reader can follow: changes that touch or that only punctuation
// separates become one removed and one added run, with the spaces around them left unmarked.
import { wordCount } from './tokens.ts';
import type { WordPart } from './types.ts';

type Stretch = { same: string } | { removed: string; added: string };

/**
 * Joins neighbouring changes into one removed and one added run where what separates them does not help
 * the reader: only spaces or punctuation, or one lone word between two changes of several words each,
 * which is most often a chance match ("[-part of an inquiry using-]{+in+} a {+move critics called an+}").
 */
export function joinChanges(parts: WordPart[]): WordPart[] {
  const list = stretches(parts);
  const size = (s: Stretch) => ('same' in s ? 0 : Math.max(wordCount(s.removed), wordCount(s.added)));
  for (let i = 1; i + 1 < list.length;) {
    const [l, s, r] = [list[i - 1]!, list[i]!, list[i + 1]!];
    const words = 'same' in s ? wordCount(s.same) : -1;
    if (
      'same' in s &&
      !('same' in l) &&
      !('same' in r) &&
      (words === 0 || (words === 1 && size(l) >= 2 && size(r) >= 2))
    ) {
      list.splice(i - 1, 3, { removed: l.removed + s.same + r.removed, added: l.added + s.same + r.added });
      // The joined change is bigger now: the lone word before it may qualify too.
      i = Math.max(1, i - 2);
    } else i++;
  }
  return unstretch(list);
}

/** Parts as stretches: kept text, and changes with what each touching change removed and added. */
function stretches(parts: WordPart[]): Stretch[] {
  const list: Stretch[] = [];
  for (const p of parts) {
    const last = list[list.length - 1];
    if (p.op === 'same' && last && 'same' in last) last.same += p.text;
    else if (p.op === 'same') list.push({ same: p.text });
    else if (last && !('same' in last)) last[p.op] += p.text;
    else list.push({ removed: '', added: '', [p.op]: p.text });
  }
  return list;
}

/** Stretches as parts: each change one removed and one added run, the spaces both share kept outside. */
function unstretch(list: Stretch[]): WordPart[] {
  return mergeRuns(
    list.flatMap((s): WordPart[] => ('same' in s ? [{ op: 'same', text: s.same }] : whole(s.removed, s.added))),
  );
}

/** Changes that touch become one removed and one added run. */
export function joinTouching(parts: WordPart[]): WordPart[] {
  return unstretch(stretches(parts));
}

/** The old text removed and the new one added, whitespace both share at either end kept. */
export function whole(before: string, after: string): WordPart[] {
  let lead = 0;
  while (lead < Math.min(before.length, after.length) && before[lead] === after[lead] && /\s/.test(before[lead]!))
    lead++;
  let trail = 0;
  while (
    trail < Math.min(before.length, after.length) - lead &&
    before.at(-1 - trail) === after.at(-1 - trail) &&
    /\s/.test(before.at(-1 - trail)!)
  )
    trail++;
  const core = (s: string) => s.slice(lead, s.length - trail);
  const parts: WordPart[] = [
    { op: 'same', text: before.slice(0, lead) },
    ...changed(core(before), core(after)),
    { op: 'same', text: before.slice(before.length - trail) },
  ];
  return parts.filter((p) => p.text);
}

/** Same text, or the old removed and the new added. */
export function changed(before: string, after: string): WordPart[] {
  if (before === after) return before ? [{ op: 'same', text: before }] : [];
  return [
    ...(before ? [{ op: 'removed' as const, text: before }] : []),
    ...(after ? [{ op: 'added' as const, text: after }] : []),
  ];
}

function mergeRuns(parts: WordPart[]): WordPart[] {
  const out: WordPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.op === p.op) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}
