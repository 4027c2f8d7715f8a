import { UsageError } from './usage-error.ts';

/** Which two versions `diff` compares, and what to tell the user about the choice. */
export interface VersionPair {
  from: number;
  to: number;
  /** Said on stderr when the order given was turned round. */
  note: string | null;
}

/**
 * The versions to compare from `--from`/`--to` (both optional) and the version numbers there are; null
 * when there is nothing to compare yet (fewer than two versions and none named). Versions given the
 * wrong way round are swapped, with a note, as the archive's `?from=3&to=1` is; a pair that names no
 * change (the same version twice, before the first, after the last, one that does not exist) is a
 * UsageError that says which.
 */
export function chooseVersionPair(
  url: string,
  seqs: readonly number[],
  options: { from?: number; to?: number },
): VersionPair | null {
  const last = seqs[seqs.length - 1];
  if (options.from === undefined && options.to === undefined && seqs.length < 2) return null;
  for (const n of [options.from, options.to])
    if (n !== undefined && !seqs.includes(n)) throw new UsageError(`no version ${n} of ${url}; ${range(seqs)}`);
  if (seqs.length < 2) throw new UsageError(`${url} has one version so far: nothing to compare it with`);
  if (options.from === undefined && options.to === seqs[0])
    throw new UsageError(
      `version ${options.to} is the first of ${url}: nothing before it to compare with (--to takes 2 to ${last})`,
    );
  if (options.to === undefined && options.from === last)
    throw new UsageError(
      `version ${last} is the latest of ${url}: nothing after it to compare with (--from takes 1 to ${last! - 1})`,
    );
  const to = options.to ?? last!;
  const from = options.from ?? to - 1;
  if (from === to) throw new UsageError(`--from and --to both name version ${from}; name two different versions`);
  if (from > to)
    return {
      from: to,
      to: from,
      note: `version ${from} is later than version ${to}: showing the change from ${to} to ${from}`,
    };
  return { from, to, note: null };
}

/** The version whose change `render --to` draws: one with a version before it. */
export function chooseChangeTarget(url: string, seqs: readonly number[], to: number | undefined): number | null {
  const last = seqs[seqs.length - 1];
  if (to === undefined) return seqs.length < 2 ? null : last!;
  if (!seqs.includes(to)) throw new UsageError(`no version ${to} of ${url}; ${range(seqs)}`);
  if (to === seqs[0])
    throw new UsageError(
      `version ${to} is the first of ${url}: no change led to it${seqs.length > 1 ? ` (--to takes 2 to ${last})` : ', and there is no other yet'}`,
    );
  return to;
}

function range(seqs: readonly number[]): string {
  return seqs.length === 0
    ? 'it has no version yet'
    : seqs.length === 1
      ? 'it has version 1 only'
      : `versions are 1 to ${seqs[seqs.length - 1]}`;
}
