import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A failure a test server (or proxy) is told to produce for the next matching requests. */
export type Fault =
  | { kind: 'status'; status: 500 | 502 | 503; times: number; path?: RegExp }
  | { kind: 'rate-limit'; times: number; retryAfterSeconds?: number; resetInSeconds?: number; path?: RegExp }
  /** Drops the connection before doing anything. */
  | { kind: 'drop'; times: number; path?: RegExp }
  /** Does the work, then drops the connection: the client never learns that it succeeded. */
  | { kind: 'drop-after'; times: number; path?: RegExp }
  /** Does the work, then answers after a delay. */
  | { kind: 'slow'; times: number; delayMs: number; path?: RegExp }
  /** Does the work, then never answers (a server that hangs): the client learns nothing until it gives up. */
  | { kind: 'hang-after'; times: number; path?: RegExp };

/** A queue of faults; each matching request takes one. */
export class FaultQueue {
  private readonly faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  take(path: string): Fault | null {
    const i = this.faults.findIndex((f) => !f.path || f.path.test(path));
    if (i < 0) return null;
    const fault = this.faults[i]!;
    if (--fault.times <= 0) this.faults.splice(i, 1);
    return fault;
  }
}

export interface FaultyProxy {
  url: string;
  /** Every request: method, path, the status the client got (0: connection dropped). */
  requests: { method: string; path: string; status: number }[];
  fail(fault: Fault): void;
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 in front of a real server (the Bluesky PDS) that fails on command the way
 * a busy or broken server does: 5xx, 429 with XRPC rate-limit headers, dropped connections, late answers.
 */
export async function startFaultyProxy(target: string): Promise<FaultyProxy> {
  const faults = new FaultQueue();
  const requests: FaultyProxy['requests'] = [];
  const sockets = new Set<Socket>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const fault = faults.take(path.split('?')[0]!);
    const log = (status: number) => requests.push({ method: req.method ?? '', path, status });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log(status);
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    if (fault?.kind === 'drop') {
      log(0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status')
      return void req
        .resume()
        .on('end', () => json(fault.status, { error: 'InternalServerError', message: 'Internal Server Error' }));
    if (fault?.kind === 'rate-limit') {
      const reset = Math.ceil(Date.now() / 1000) + (fault.resetInSeconds ?? 1);
      const headers: Record<string, string> = {
        'ratelimit-limit': '5000',
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(reset),
        'ratelimit-policy': '5000;w=3600',
      };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      return void req
        .resume()
        .on('end', () => json(429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, headers));
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path,
        headers: { ...req.headers, host: upstream.host },
      },
      (up: IncomingMessage) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const answer = () => {
            if (fault?.kind === 'drop-after') {
              log(0);
              req.socket.destroy();
              return;
            }
            log(up.statusCode ?? 502);
            res.writeHead(up.statusCode ?? 502, up.headers).end(Buffer.concat(chunks));
          };
          if (fault?.kind === 'slow') setTimeout(answer, fault.delayMs);
          else if (fault?.kind === 'hang-after')
            log(0); // done upstream; the client never hears
          else answer();
        });
      },
    );
    forward.on('error', () => {
      log(502);
      if (!res.headersSent) res.writeHead(502).end();
    });
    req.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    fail: (fault) => faults.add(fault),
    close: () =>
      new Promise<void>((r) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => r());
      }),
  };
}
