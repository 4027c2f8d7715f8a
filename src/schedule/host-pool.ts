/**
 * Runs work over items, at most `concurrency` at once and one at a time per host, in the order given
 * (oldest due first): each host's items form a queue, and free workers take the host whose next item
 * comes first. Stops taking new items once `stopped()` says so; items in hand are finished.
 */
export async function runPerHost<T>(
  items: T[],
  hostOf: (item: T) => string,
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  stopped: () => boolean,
): Promise<number> {
  const queues = new Map<string, { item: T; index: number }[]>();
  for (const [index, item] of items.entries()) {
    const host = hostOf(item);
    const queue = queues.get(host) ?? [];
    queue.push({ item, index });
    queues.set(host, queue);
  }
  const busy = new Set<string>();
  let done = 0;
  const next = (): [string, { item: T; index: number }] | null => {
    let best: [string, { item: T; index: number }] | null = null;
    for (const [host, queue] of queues) {
      if (busy.has(host) || queue.length === 0) continue;
      if (!best || queue[0]!.index < best[1].index) best = [host, queue[0]!];
    }
    return best;
  };
  let released: (() => void)[] = [];
  const remaining = () => [...queues.values()].some((q) => q.length > 0);
  const worker = async (): Promise<void> => {
    for (;;) {
      if (stopped() || !remaining()) return;
      const taken = next();
      if (!taken) {
        // Every host with work left is in another worker's hands: wait until one is free.
        await new Promise<void>((resolve) => released.push(resolve));
        continue;
      }
      const [host] = taken;
      queues.get(host)!.shift();
      busy.add(host);
      try {
        await work(taken[1].item, taken[1].index);
        done++;
      } finally {
        busy.delete(host);
        const waiting = released;
        released = [];
        for (const wake of waiting) wake();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queues.size)) }, worker));
  return done;
}
