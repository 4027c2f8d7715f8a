import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { FaultQueue, type Fault } from './faulty-proxy.ts';
import { OpenApiContract, type MatchedRoute } from './openapi-contract.ts';

export type { Fault } from './faulty-proxy.ts';

export interface StatusRecord {
  id: string;
  /** The link preview the server made (a status whose text shows only part of a link), if any. */
  card?: string;
  text: string;
  inReplyToId: string | null;
  mediaIds: string[];
  visibility: string;
  language: string | null;
  idempotencyKey: string | null;
  accountId: string;
  createdAt: string;
}

interface MediaRecord {
  id: string;
  description: string | null;
  mimeType: string;
  size: number;
  width: number | null;
  height: number | null;
  /** Polls still to answer "processing" (206) before the media is ready. */
  pollsLeft: number;
  attachedTo: string | null;
}

export interface MastodonServer {
  url: string;
  token: string;
  /** Every request: method, path (with query), response status. */
  requests: { method: string; path: string; status: number; idempotencyKey: string | null }[];
  /** Requests or responses that do not fit the API description. */
  violations: string[];
  statuses: StatusRecord[];
  media: Map<string, MediaRecord>;
  /** Fails the next matching requests. */
  fail(fault: Fault): void;
  /** Resolves (with the path) when a request meets a `hang-after` fault: the work is done and no answer will come. */
  nextHang(): Promise<string>;
  /** How many polls each new upload answers "still processing" (0: processed at once, 200). */
  setMediaProcessingPolls(n: number): void;
  setMaxCharacters(n: number): void;
  /** Another account (a reader); `bot` sets its bot flag, `domain` makes it a remote account (acct user@domain). Returns its id. */
  addAccount(username: string, options?: { bot?: boolean; domain?: string }): string;
  /** A status by any account (the bot included); mentioning @editwatch notifies the bot. Returns its id. */
  postAs(
    username: string,
    text: string,
    options?: { inReplyToId?: string; visibility?: 'public' | 'unlisted' | 'private' | 'direct'; card?: string },
  ): string;
  /** Statuses of the other accounts. */
  others: StatusRecord[];
  /** The bot's account id and username. */
  accountId: string;
  username: string;
  close(): Promise<void>;
}

const SCHEMA = resolve(import.meta.dirname, '../fixtures/mastodon-openapi/schema.json');
const examples = (
  JSON.parse(readFileSync(SCHEMA, 'utf8')) as { components: { examples: Record<string, { value: unknown }> } }
).components.examples;
const example = <T>(name: string): T => structuredClone(examples[name]!.value) as T;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * A local stand-in for a Mastodon server, for the calls editwatch makes: instance, verify_credentials,
 * media v2 with processing and polling, statuses (with replies, Idempotency-Key, 422 validation), an
 * account's statuses, notifications. Every request and response is checked against the API description;
 * what does not fit is collected in `violations`, which a test asserts empty. It can be told to fail.
 */
export async function startMastodonServer(options: { token?: string } = {}): Promise<MastodonServer> {
  const contract = new OpenApiContract(SCHEMA);
  const token = options.token ?? 'test-token-editwatch';
  const requests: MastodonServer['requests'] = [];
  const violations: string[] = [];
  const statuses: StatusRecord[] = [];
  const media = new Map<string, MediaRecord>();
  const idempotent = new Map<string, string>();
  const faults = new FaultQueue();
  const sockets = new Set<Socket>();
  const hangWaiters: ((path: string) => void)[] = [];
  let nextId = 110_000_000_000_000_000n;
  let mediaPolls = 0;
  let maxCharacters = 500;
  let origin = '';
  const newId = () => String((nextId += 1n));
  // The description's own CredentialAccount example is not an account (it holds only fields_attributes).
  const accountId = '109302436954721982';
  const people = new Map<string, { id: string; username: string; bot: boolean; domain?: string }>([
    [accountId, { id: accountId, username: 'editwatch', bot: true }],
  ]);
  const others: StatusRecord[] = [];
  const notifications: { id: string; type: 'mention'; createdAt: string; accountId: string; statusId: string }[] = [];
  const findStatus = (id: string) => statuses.find((x) => x.id === id) ?? others.find((x) => x.id === id);
  const account = (id = accountId): Record<string, unknown> => ({
    id,
    username: people.get(id)!.username,
    acct: people.get(id)!.domain ? `${people.get(id)!.username}@${people.get(id)!.domain!}` : people.get(id)!.username,
    display_name: people.get(id)!.username,
    locked: false,
    bot: people.get(id)!.bot,
    group: false,
    discoverable: true,
    indexable: true,
    created_at: '2026-11-01T00:00:00.000Z',
    note: '<p>Posts silent edits of news articles.</p>',
    url: `${origin}/@${people.get(id)!.username}`,
    uri: `${origin}/users/${people.get(id)!.username}`,
    avatar: `${origin}/avatars/original/missing.png`,
    avatar_static: `${origin}/avatars/original/missing.png`,
    header: `${origin}/headers/original/missing.png`,
    header_static: `${origin}/headers/original/missing.png`,
    followers_count: 0,
    following_count: 0,
    statuses_count: id === accountId ? statuses.length : others.filter((x) => x.accountId === id).length,
    last_status_at: null,
    emojis: [],
    fields: [],
  });
  const rate = { limit: 300, remaining: 300 };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      violations.push(`server error: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) send(req, res, null, 500, { error: 'internal error in the test server' });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = contract.match(req.method ?? 'GET', url.pathname);
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const fault = faults.take(url.pathname);
    if (fault?.kind === 'drop') {
      requests.push({ method: req.method ?? '', path: req.url ?? '', status: 0, idempotencyKey: key });
      req.socket.destroy();
      return;
    }
    if (!route) {
      violations.push(`${req.method} ${url.pathname}: no such route in the API description`);
      return send(req, res, null, 404, { error: 'Record not found' });
    }
    for (const p of contract.checkParameters(route, url.searchParams, req.headers))
      violations.push(`${req.method} ${route.template}: ${p}`);
    let body: unknown;
    try {
      body = await readBody(req, route);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      return send(req, res, route, err.status, { error: err.message });
    }
    if (fault?.kind === 'status')
      return send(req, res, route, fault.status, { error: 'Service temporarily unavailable' });
    if (fault?.kind === 'rate-limit') {
      const reset = new Date(Date.now() + (fault.resetInSeconds ?? 1) * 1000);
      return send(
        req,
        res,
        route,
        429,
        { error: 'Too many requests' },
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': reset.toISOString(),
          ...(fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {}),
        },
      );
    }
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(req, res, route, 401, { error: 'The access token is invalid' });
    try {
      const [status, payload] = await answer(route, url, body, key);
      // A slow server: the work is done, the answer comes late (perhaps after the client gave up).
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault?.kind === 'drop-after') {
        requests.push({ method: req.method ?? '', path: req.url ?? '', status: 0, idempotencyKey: key });
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'hang-after') {
        requests.push({ method: req.method ?? '', path: req.url ?? '', status: 0, idempotencyKey: key });
        for (const wake of hangWaiters.splice(0)) wake(req.url ?? '');
        return; // the connection stays open, unanswered, until the client gives up or the server closes
      }
      send(req, res, route, status, payload);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      send(req, res, route, err.status, { error: err.message, ...err.extra });
    }
  }

  async function readBody(req: IncomingMessage, route: MatchedRoute): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (raw.length === 0) {
      if (route.operation.requestBody?.required)
        violations.push(`${req.method} ${route.template}: the body is required`);
      return undefined;
    }
    if (type === 'application/json') {
      const body = JSON.parse(raw.toString('utf8')) as unknown;
      rejectInvalid(req, route, contract.checkBody(route, type, body));
      return body;
    }
    if (type === 'multipart/form-data') {
      // Node's own Request parses multipart the way a server framework would.
      const form = await new Request('http://localhost/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type']! },
        body: raw,
      }).formData();
      const fields: Record<string, unknown> = {};
      for (const [name, value] of form.entries())
        fields[name] = typeof value === 'string' ? value : `(file ${value.type}, ${value.size} bytes)`;
      rejectInvalid(req, route, contract.checkBody(route, type, fields));
      return form;
    }
    violations.push(`${req.method} ${route.template}: unexpected content type "${type}"`);
    return undefined;
  }

  /** A body the description does not allow is a violation, and answered 422 as Mastodon would. */
  function rejectInvalid(req: IncomingMessage, route: MatchedRoute, problems: string[]): void {
    for (const p of problems) violations.push(`${req.method} ${route.template}: ${p}`);
    if (problems.length) throw new HttpError(422, `Validation failed: ${problems[0]}`);
  }

  async function answer(route: MatchedRoute, url: URL, body: unknown, key: string | null): Promise<[number, unknown]> {
    const at = `${route.method.toUpperCase()} ${route.template}`;
    switch (at) {
      case 'GET /api/v2/instance': {
        const instance = example<{ domain: string; configuration: { statuses: Record<string, number> } }>(
          'Instance200Example',
        );
        instance.domain = new URL(origin).host;
        instance.configuration.statuses.max_characters = maxCharacters;
        return [200, instance];
      }
      case 'GET /api/v1/accounts/verify_credentials':
        return [
          200,
          {
            ...account(),
            source: {
              privacy: 'public',
              sensitive: false,
              language: 'en',
              note: 'Posts silent edits of news articles.',
              fields: [],
              follow_requests_count: 0,
              indexable: true,
            },
            role: { id: '-99', name: '', color: '', permissions: '0', highlighted: false },
          },
        ];
      case 'POST /api/v2/media':
        return uploadMedia(body as FormData);
      case 'GET /api/v1/media/{id}': {
        const m = media.get(route.params.id!);
        if (!m) throw new HttpError(404, 'Record not found');
        if (m.pollsLeft > 0) {
          m.pollsLeft--;
          return [206, mediaJson(m)];
        }
        return [200, mediaJson(m)];
      }
      case 'POST /api/v1/statuses':
        return createStatus(body as Record<string, unknown>, key);
      case 'GET /api/v1/statuses/{id}': {
        const s = findStatus(route.params.id!);
        if (!s) throw new HttpError(404, 'Record not found');
        return [200, statusJson(s)];
      }
      case 'GET /api/v1/accounts/{id}/statuses': {
        if (route.params.id !== accountId) return [200, []];
        const limit = Math.min(40, Number(url.searchParams.get('limit') ?? 20));
        const maxId = url.searchParams.get('max_id');
        const onlyMedia = url.searchParams.get('only_media') === 'true';
        // Newest first; max_id: older than that id (ids are numbers of the same length here).
        const list = [...statuses]
          .reverse()
          .filter((s) => (!maxId || BigInt(s.id) < BigInt(maxId)) && (!onlyMedia || s.mediaIds.length > 0));
        return [200, list.slice(0, limit).map(statusJson)];
      }
      case 'GET /api/v1/notifications': {
        const types = url.searchParams.getAll('types[]');
        const limit = Math.min(80, Number(url.searchParams.get('limit') ?? 40));
        const after = (key: string) => url.searchParams.get(key);
        let list = notifications.filter((n) => !types.length || types.includes(n.type));
        const newer = (a: string, b: string) => (a.length !== b.length ? a.length > b.length : a > b);
        if (after('since_id')) list = list.filter((n) => newer(n.id, after('since_id')!));
        if (after('max_id')) list = list.filter((n) => newer(after('max_id')!, n.id));
        // min_id: the page just after it (the oldest newer ones); otherwise the newest page.
        list = after('min_id') ? list.filter((n) => newer(n.id, after('min_id')!)).slice(0, limit) : list.slice(-limit);
        return [
          200,
          list.reverse().map((n) => ({
            id: n.id,
            type: n.type,
            created_at: n.createdAt,
            group_key: `ungrouped-${n.id}`,
            account: account(n.accountId),
            status: statusJson(findStatus(n.statusId)!),
          })),
        ];
      }
      default:
        throw new HttpError(404, `the test server does not implement ${at}`);
    }
  }

  async function uploadMedia(form: FormData | undefined): Promise<[number, unknown]> {
    const file = form?.get('file');
    if (!file || typeof file === 'string') throw new HttpError(422, 'Validation failed: File could not be processed');
    if (!file.type.startsWith('image/'))
      throw new HttpError(422, `Validation failed: File content type "${file.type}" is not accepted`);
    const bytes = Buffer.from(await file.arrayBuffer());
    const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const description = form?.get('description');
    const m: MediaRecord = {
      id: newId(),
      description: typeof description === 'string' ? description : null,
      mimeType: file.type,
      size: bytes.length,
      width: isPng ? bytes.readUInt32BE(16) : null,
      height: isPng ? bytes.readUInt32BE(20) : null,
      pollsLeft: mediaPolls,
      attachedTo: null,
    };
    if (m.description && [...m.description].length > 1500)
      throw new HttpError(422, 'Validation failed: Description is too long (maximum is 1500 characters)');
    media.set(m.id, m);
    return m.pollsLeft > 0 ? [202, mediaJson(m)] : [200, mediaJson(m)];
  }

  function createStatus(body: Record<string, unknown>, key: string | null): [number, unknown] {
    if (key && idempotent.has(key)) return [200, statusJson(statuses.find((s) => s.id === idempotent.get(key))!)];
    const text = typeof body.status === 'string' ? body.status : '';
    const mediaIds = Array.isArray(body.media_ids) ? (body.media_ids as string[]) : [];
    const inReplyToId = typeof body.in_reply_to_id === 'string' ? body.in_reply_to_id : null;
    if (!text && mediaIds.length === 0) throw new HttpError(422, "Validation failed: Text can't be blank");
    if (countCharacters(text) > maxCharacters)
      throw new HttpError(422, `Validation failed: Text character limit of ${maxCharacters} exceeded`);
    if (mediaIds.length > 4) throw new HttpError(422, 'Validation failed: Cannot attach more than 4 files');
    for (const id of mediaIds) {
      const m = media.get(id);
      if (!m) throw new HttpError(422, 'Validation failed: Media attachments are invalid');
      if (m.pollsLeft > 0)
        throw new HttpError(422, 'Cannot attach files that have not finished processing. Try again in a moment!');
      if (m.attachedTo) throw new HttpError(422, 'Validation failed: Media attachments are invalid');
    }
    if (inReplyToId && !findStatus(inReplyToId)) throw new HttpError(404, 'Record not found');
    const status: StatusRecord = {
      id: newId(),
      text,
      inReplyToId,
      mediaIds,
      visibility: typeof body.visibility === 'string' ? body.visibility : 'public',
      language: typeof body.language === 'string' ? body.language : null,
      idempotencyKey: key,
      accountId,
      createdAt: new Date().toISOString(),
    };
    for (const id of mediaIds) media.get(id)!.attachedTo = status.id;
    statuses.push(status);
    if (key) idempotent.set(key, status.id);
    return [200, statusJson(status)];
  }

  function mediaJson(m: MediaRecord) {
    const ready = m.pollsLeft === 0;
    const file = `${origin}/system/media_attachments/${m.id}.png`;
    return {
      id: m.id,
      type: 'image',
      url: ready ? file : null,
      preview_url: ready ? file : null,
      remote_url: null,
      meta:
        m.width && m.height
          ? {
              original: {
                width: m.width,
                height: m.height,
                size: `${m.width}x${m.height}`,
                aspect: m.width / m.height,
              },
            }
          : {},
      description: m.description,
      blurhash: null,
    };
  }

  function statusJson(s: StatusRecord) {
    const parent = s.inReplyToId ? findStatus(s.inReplyToId) : undefined;
    const author = people.get(s.accountId)!.username;
    const mentioned = [...people.values()].filter((p) => new RegExp(`(^|\\s)@${p.username}(?![\\w.@-])`).test(s.text));
    return {
      id: s.id,
      uri: `${origin}/users/${author}/statuses/${s.id}`,
      url: `${origin}/@${author}/${s.id}`,
      created_at: s.createdAt,
      account: account(s.accountId),
      content: toHtml(
        s.text,
        origin,
        mentioned.map((p) => p.username),
      ),
      visibility: s.visibility,
      sensitive: false,
      spoiler_text: '',
      media_attachments: s.mediaIds.map((id) => mediaJson(media.get(id)!)),
      application: { name: 'editwatch', website: null },
      mentions: mentioned.map((p) => ({
        id: p.id,
        username: p.username,
        acct: p.username,
        url: `${origin}/@${p.username}`,
      })),
      tags: [],
      emojis: [],
      reblogs_count: 0,
      favourites_count: 0,
      replies_count: statuses.filter((x) => x.inReplyToId === s.id).length,
      in_reply_to_id: s.inReplyToId,
      in_reply_to_account_id: parent ? parent.accountId : null,
      reblog: null,
      poll: null,
      card: s.card
        ? {
            url: s.card,
            title: 'A story',
            description: '',
            type: 'link',
            author_name: '',
            author_url: new URL(s.card).origin,
            authors: [],
            provider_name: '',
            provider_url: new URL(s.card).origin,
            html: '',
            width: 0,
            height: 0,
            image: null,
            embed_url: s.card,
            blurhash: null,
          }
        : null,
      language: s.language,
      text: null,
      edited_at: null,
    };
  }

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    route: MatchedRoute | null,
    status: number,
    payload: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (route)
      for (const p of contract.checkResponse(route, status, payload))
        violations.push(`${req.method} ${route.template} answered: ${p}`);
    rate.remaining = Math.max(0, rate.remaining - 1);
    const reset = new Date(Math.ceil(Date.now() / 300_000) * 300_000).toISOString();
    requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      status,
      idempotencyKey: typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null,
    });
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': String(rate.limit),
      'x-ratelimit-remaining': String(rate.remaining),
      'x-ratelimit-reset': reset,
      ...headers,
    });
    res.end(JSON.stringify(payload));
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    token,
    requests,
    violations,
    statuses,
    media,
    accountId,
    username: 'editwatch',
    fail: (fault) => faults.add(fault),
    nextHang: () => new Promise<string>((resolve) => hangWaiters.push(resolve)),
    addAccount(username, options = {}) {
      const id = newId();
      people.set(id, {
        id,
        username,
        bot: options.bot ?? false,
        ...(options.domain ? { domain: options.domain } : {}),
      });
      return id;
    },
    postAs(username, text, options = {}) {
      const author = [...people.values()].find((p) => p.username === username);
      if (!author) throw new Error(`no account ${username} on the test server`);
      const status: StatusRecord = {
        id: newId(),
        ...(options.card ? { card: options.card } : {}),
        text,
        inReplyToId: options.inReplyToId ?? null,
        mediaIds: [],
        visibility: options.visibility ?? 'public',
        language: 'en',
        idempotencyKey: null,
        accountId: author.id,
        createdAt: new Date().toISOString(),
      };
      if (author.id === accountId) statuses.push(status);
      else others.push(status);
      // Mastodon notifies an account mentioned in a status.
      if (new RegExp('(^|\\s)@editwatch(?![\\w.@-])').test(text))
        notifications.push({
          id: newId(),
          type: 'mention',
          createdAt: status.createdAt,
          accountId: author.id,
          statusId: status.id,
        });
      return status.id;
    },
    others,
    setMediaProcessingPolls: (n) => void (mediaPolls = n),
    setMaxCharacters: (n) => void (maxCharacters = n),
    close: () =>
      new Promise<void>((r) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => r());
      }),
  };
}

/** Mastodon counts characters, each URL as 23. */
function countCharacters(text: string): number {
  return [...text.replace(/https?:\/\/\S+/g, 'x'.repeat(23))].length;
}

/** Text as Mastodon renders it: paragraphs, line breaks, links, and mentions as profile links. */
function toHtml(text: string, origin = '', mentioned: string[] = []): string {
  const escape = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const lines = text.split('\n').map((line) =>
    escape(line)
      .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}" rel="nofollow noopener" target="_blank">${url}</a>`)
      .replace(/(^|\s)@([\w.-]+)/g, (all, space: string, name: string) =>
        mentioned.includes(name)
          ? `${space}<span class="h-card" translate="no"><a href="${origin}/@${name}" class="u-url mention">@<span>${name}</span></a></span>`
          : all,
      ),
  );
  return `<p>${lines.join('<br />')}</p>`;
}
