/** The fewest and most due articles an `auto` cycle takes. */
const FIRST = 60;
const MOST = 20_000;

/**
 * How many due articles a cycle takes when EDITWATCH_MAX_CHECKS_PER_CYCLE is `auto`: sized from demand and
 * from what the last cycle got through before its time ran out, not a fixed number. A cycle that finished
 * all it took in time may take twice as many next time; one whose time ran out takes a little more than it
 * managed, so the next has enough in hand without reading far more due rows than it can check.
 */
export class CyclePace {
  private take = FIRST;

  constructor(private readonly fixed: number | 'auto') {}

  limit(): number {
    return this.fixed === 'auto' ? this.take : this.fixed;
  }

  /** `taken`: due articles the cycle took; `finished`: those checked; `timeUp`: it stopped for the next tick. */
  record(taken: number, finished: number, timeUp: boolean): void {
    if (timeUp) this.take = clamp(Math.ceil(finished * 1.25));
    else if (taken >= this.take) this.take = clamp(this.take * 2);
  }
}

const clamp = (n: number) => Math.min(MOST, Math.max(FIRST, n));
