// The load run's news site, in a process of its own so its work is not counted as editwatch's: one HTTP
// server per host on its own loopback address (127.1.x.y: Linux routes all of 127/8 to loopback), serving
// real corpus pages. Given a JSON file (SiteSpec); prints "ready <port>" once every host listens.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface SiteSpec {
  hosts: number;
  /** Pages as served, and each with one paragraph edited. */
  templates: { html: string; edited: string }[];
  /** Every `editEvery`th article is edited once, at a time spread over the run from `start` (ms). */
  editEvery: number;
  start: number;
  runMs: number;
}

export const hostAddress = (h: number) => `127.1.${Math.floor(h / 250)}.${(h % 250) + 1}`;
export const articleHost = (n: number, hosts: number) => n % hosts;
export const templateOf = (n: number, templates: number) => n % templates;

/** When article `n` is edited, if it is (a spread that does not follow the host or template order). */
function editTime(n: number, spec: Pick<SiteSpec, 'editEvery' | 'start' | 'runMs'>): number | null {
  if (n % spec.editEvery !== 3) return null;
  return spec.start + ((Math.imul(n, 2654435761) >>> 0) / 2 ** 32) * spec.runMs;
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as SiteSpec;
  const handler = (url: string) => {
    const match = /^\/a\/(\d+)$/.exec(url);
    if (!match) return null;
    const n = Number(match[1]);
    const template = spec.templates[templateOf(n, spec.templates.length)]!;
    const at = editTime(n, spec);
    return at !== null && Date.now() >= at ? template.edited : template.html;
  };
  const servers: Server[] = [];
  let port = 0;
  for (let h = 0; h < spec.hosts; h++) {
    const server = createServer((req, res) => {
      const page = handler(req.url ?? '/');
      if (page === null) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    // One port for every host (the first host's, free on its address, is tried on the others).
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, hostAddress(h), () => resolve());
    });
    port = (server.address() as AddressInfo).port;
    servers.push(server);
  }
  process.stdout.write(`ready ${port}\n`);
  process.on('SIGTERM', () => {
    for (const s of servers) s.close();
    process.exit(0);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
