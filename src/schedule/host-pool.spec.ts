import { describe, expect, it } from 'vitest';
import { runPerHost } from './host-pool.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('runPerHost', () => {
  it('runs at most N at once, one per host, oldest first', async () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3', 'd1'];
    const running = new Set<string>();
    let most = 0;
    const order: string[] = [];
    const done = await runPerHost(
      items,
      (i) => i[0]!,
      2,
      async (item) => {
        const host = item[0]!;
        expect([...running].some((r) => r[0] === host)).toBe(false);
        running.add(item);
        most = Math.max(most, running.size);
        order.push(item);
        await tick();
        running.delete(item);
      },
      () => false,
    );
    expect(done).toBe(7);
    expect(most).toBe(2);
    expect(order.slice(0, 2)).toEqual(['a1', 'b1']);
    expect(order.filter((i) => i[0] === 'a')).toEqual(['a1', 'a2', 'a3']);
  });

  it('stops taking new items when told, finishing those in hand', async () => {
    let stop = false;
    const seen: string[] = [];
    const done = await runPerHost(
      ['a1', 'b1', 'c1', 'd1'],
      (i) => i[0]!,
      2,
      async (item) => {
        seen.push(item);
        await tick();
        stop = true;
      },
      () => stop,
    );
    expect(done).toBe(2);
    expect(seen).toEqual(['a1', 'b1']);
  });
});
