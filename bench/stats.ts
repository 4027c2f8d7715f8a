/** Median and 95th percentile of a list of numbers. */
export function summarise(values: number[]): { median: number; p95: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), mean: sorted.reduce((n, v) => n + v, 0) / sorted.length };
}

/** Mean milliseconds per call of `fn`, after a warm-up call, over at least `minRuns` runs or `minMs`. */
export function timePerCall(fn: () => unknown, minRuns = 3, minMs = 50): number {
  fn();
  let runs = 0;
  const start = performance.now();
  while (runs < minRuns || performance.now() - start < minMs) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;
