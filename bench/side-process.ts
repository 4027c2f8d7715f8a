import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

/**
 * Runs one side of a benchmark in a process of its own (Node with `args`) and returns what it printed last:
 * one line of JSON. A side that fails stops the benchmark, with the end of its stderr.
 */
export function runSide<T>(name: string, args: string[], options: SpawnSyncOptions = {}): T {
  const child = spawnSync(process.execPath, args, { ...options, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr.slice(-2000)}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as T;
}
