import { describe, expect, it } from 'vitest';
import { CyclePace } from './pace.ts';

describe('CyclePace', () => {
  it('keeps a number the operator set, whatever the cycles got through', () => {
    const pace = new CyclePace(25);
    pace.record(25, 25, false);
    pace.record(25, 3, true);
    expect(pace.limit()).toBe(25);
  });

  it('on auto, doubles after a cycle that finished all it took, and sizes to what one got through when time ran out', () => {
    const pace = new CyclePace('auto');
    expect(pace.limit()).toBe(60);
    pace.record(60, 60, false); // all done in time: more may be due
    expect(pace.limit()).toBe(120);
    pace.record(40, 40, false); // fewer were due than it could take: no change
    expect(pace.limit()).toBe(120);
    pace.record(120, 400 / 1.25, true); // hypothetical: time ran out after 320
    expect(pace.limit()).toBe(400);
    pace.record(400, 10, true); // a slow cycle: never below the first size
    expect(pace.limit()).toBe(60);
    for (let i = 0; i < 20; i++) pace.record(pace.limit(), pace.limit(), false);
    expect(pace.limit()).toBe(20_000); // and never above the most
  });
});
