// What the load and scale benchmarks share: the loopback site of many hosts, and a process's memory and CPU.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SiteSpec } from './load-site.ts';

/** A process's resident memory (MB) and the CPU it has used (s), from /proc; null once it is gone. */
export function procSample(pid: number): { rssMb: number; cpuS: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    const cpuS = (Number(fields[11]) + Number(fields[12])) / 100;
    return { rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024, cpuS };
  } catch {
    return null;
  }
}

/** The loopback site of many hosts (load-site.ts) in a process of its own; resolves with its port once it listens. */
export function startSite(spec: SiteSpec, dir: string): Promise<{ child: ChildProcess; port: number }> {
  const file = join(dir, 'site.json');
  writeFileSync(file, JSON.stringify(spec));
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'load-site.ts'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    child.once('exit', (code) => fail(new Error(`the load site stopped (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const port = /^ready (\d+)$/.exec(line)?.[1];
      if (port) done({ child, port: Number(port) });
    });
  });
}
