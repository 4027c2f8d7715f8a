import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** A private PostgreSQL cluster on a free loopback port, for the tests and the benchmarks. */
export interface PostgresCluster {
  /** The superuser `editwatch` on the `postgres` database (create the databases to use from it). */
  url: string;
  /** The server's main process, whose children are its backends. */
  postmasterPid(): number;
  stop(): void;
}

/** The newest installed PostgreSQL's bin folder (Debian keeps them under /usr/lib/postgresql/N/bin). */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/**
 * Starts a cluster in a new temporary folder (Debian's postgresql). `durable: false` (the tests) turns
 * off fsync and synchronous commits; a benchmark keeps PostgreSQL's defaults.
 */
export async function startPostgresCluster(options: {
  durable: boolean;
  maxConnections?: number;
}): Promise<PostgresCluster> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL (initdb) is not installed: apt-get install postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'editwatch-pg-'));
  // PostgreSQL refuses to run as root: then the cluster belongs to Debian's postgres user.
  const asRoot = userInfo().uid === 0;
  if (asRoot) chownSync(dir, idOf('-u', 'postgres'), idOf('-g', 'postgres'));
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-U', 'editwatch', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const fast = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  run(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=${options.maxConnections ?? 200}${fast}`,
    'start',
  ]);
  return {
    url: `postgresql://editwatch@127.0.0.1:${port}/postgres`,
    postmasterPid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const idOf = (flag: '-u' | '-g', user: string) => Number(execFileSync('id', [flag, user]).toString().trim());

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
