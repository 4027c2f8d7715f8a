import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { articlePage, DEMO_VERSIONS } from '../src/demo/article-page.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

// Each test here starts several editwatch processes; on a loaded two-core machine one start can take
// seconds. A last guard only: the tests wait on output and events, never on fixed sleeps.
vi.setConfig({ testTimeout: 120_000 });

const BIN = resolve(import.meta.dirname, '../bin/editwatch.js');
const run = promisify(execFile);

let server: TestServer;
let state: ReturnType<typeof tempDir>;
let version = 0;

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: {
        PATH: process.env.PATH,
        NO_COLOR: '1',
        EDITWATCH_STATE_DIR: state.path,
        EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
        EDITWATCH_HOST_DELAY_MS: '0',
        LOG_LEVEL: 'silent',
        ...env,
      },
      cwd: state.path, // no .env from the checkout
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  state = tempDir();
  server = await startServer();
  server.route('/story', (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(articlePage(DEMO_VERSIONS[version]!, version + 1, `${server.origin}/story`));
  });
});
afterAll(async () => {
  await server.close();
  state.remove();
});

describe('the editwatch command', () => {
  it('--help loads the compiled CLI alone: no stage of the pipeline, no package from node_modules', async () => {
    // A module hook that names every module as it is resolved.
    const hooks = `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('module ' + r.url + '\\n'); return r; }`;
    const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
    const out = await cli(['--help'], {
      NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(register)}`,
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Usage: editwatch');
    const modules = out.stderr
      .split('\n')
      .filter((l) => l.startsWith('module '))
      .map((l) => l.slice('module '.length));
    expect(modules.some((m) => m.endsWith('/dist/cli.mjs'))).toBe(true);
    expect(
      modules.filter((m) => m.includes('/node_modules/') || /\/dist\/(app|with-app|check|start)-/.test(m)),
    ).toEqual([]);
  });

  it('refuses bad configuration with one line per variable and exit code 2', async () => {
    const r = await cli(['list'], { EDITWATCH_MAX_REDIRECTS: 'lots', EDITWATCH_ALLOW_PRIVATE_HOSTS: 'sometimes' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid configuration');
    expect(r.stderr).toContain('EDITWATCH_MAX_REDIRECTS: expected a whole number from 0 to 20, got "lots"');
    expect(r.stderr).toContain('EDITWATCH_ALLOW_PRIVATE_HOSTS: expected true or false, got "sometimes"');
  });

  it('refuses URLs it cannot track, saying why', async () => {
    const bad = await cli(['track', 'ftp://example.com/x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('only http and https URLs can be tracked');
    const outside = await cli(['track', 'https://elsewhere.example/a'], { EDITWATCH_ALLOWED_DOMAINS: 'bbc.co.uk' });
    expect(outside.stderr).toContain('"elsewhere.example" is not in EDITWATCH_ALLOWED_DOMAINS (bbc.co.uk)');
  });

  it('tracks, checks, lists, shows history and the diff, and untracks', async () => {
    const url = `${server.origin}/story`;
    expect((await cli(['track', `${url}?utm_source=feed#top`])).stdout).toBe(`tracking: ${url}\n`);
    version = 0;
    const first = await cli(['check']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`first version stored: ${url}`);
    version = 2;
    const second = await cli(['check', '--force', '--url', url]);
    expect(second.stdout).toContain(`changed (version 2, 7 changes): ${url}`);
    expect(second.stdout).toMatch(/posts: 2 sent to the dry-run outbox/);

    const list = await cli(['list']);
    expect(list.stdout).toMatch(/versions/);
    expect(list.stdout).toContain('Riverside bridge to close for 18 months as repair bill soars');

    const history = await cli(['history', url]);
    expect(history.stdout).toContain('2 versions, changed 1 time');
    expect(history.stdout).toContain(
      'Headline, standfirst and byline changed; 2 paragraphs edited, 1 added, 1 removed',
    );

    const diff = await cli(['diff', url]);
    // A headline mostly rewritten is shown whole, old and new.
    expect(diff.stdout).toContain(
      '[-Council votes to close Riverside bridge for repairs-]{+Riverside bridge to close for 18 months as repair bill soars+}',
    );
    expect(diff.stdout).toContain('¶6 added');
    const badVersion = await cli(['diff', url, '--from', '7']);
    expect(badVersion.code).toBe(2);
    expect(badVersion.stderr).toContain('no version 7');

    expect((await cli(['untrack', url])).stdout).toContain('untracked');
    expect((await cli(['check', '--force'])).stdout).toContain('Nothing is tracked.');
  });

  it('extracts a saved page as JSON with the Article field names, and refuses a binary file', async () => {
    const file = join(state.path, 'page.html');
    writeFileSync(file, articlePage(DEMO_VERSIONS[0]!, 1, 'https://ledger.example/story'));
    const r = await cli(['extract', file, '--json']);
    expect(r.code).toBe(0);
    const article = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(article).sort()).toEqual(
      [
        'byline',
        'canonicalUrl',
        'headline',
        'modifiedAt',
        'outlet',
        'paragraphs',
        'publishedAt',
        'standfirst',
        'url',
      ].sort(),
    );
    expect(article).toMatchObject({
      headline: 'Council votes to close Riverside bridge for repairs',
      outlet: 'The Riverside Ledger',
      byline: 'Amira Haddad',
    });
    const text = await cli(['extract', file]);
    expect(text.stdout).toContain('Council votes to close Riverside bridge for repairs');
    const binary = join(state.path, 'image.png');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    const refused = await cli(['extract', binary]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not HTML/);
  });

  it('extracts a URL through the guarded fetcher: a private address is refused by default', async () => {
    const r = await cli(['extract', `${server.origin}/story`], { EDITWATCH_ALLOW_PRIVATE_HOSTS: 'false' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/resolves to 127\.0\.0\.1 \(loopback\), not a public address/);
  });
});

describe('exit codes and refusals', () => {
  it('exits as the README says: 0 done, 1 inputs refused, 2 bad usage or configuration, 3 could not run', async () => {
    expect((await cli(['list'])).code).toBe(0);
    expect((await cli(['--help'])).code).toBe(0);
    expect((await cli(['track', 'ftp://example.com/x'])).code).toBe(1);
    const usage: [string[], string][] = [
      [['nosuch'], "error: unknown command 'nosuch'"],
      [['list', '--bogus'], "error: unknown option '--bogus'"],
      [['track'], "error: missing required argument 'url'"],
      [['diff', 'https://news.example/a', '--from', 'abc'], "error: option '--from <n>' argument 'abc' is invalid"],
      [[], 'Usage: editwatch'],
    ];
    for (const [args, message] of usage) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    const notAFolder = join(state.path, 'not-a-folder');
    writeFileSync(notAFolder, '');
    const broken = await cli(['list'], { EDITWATCH_STATE_DIR: notAFolder });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/^editwatch: could not run: /);
  }, 120_000);

  it('refuses a private or loopback address at track with one line and exit code 2, and a URL too long with exit code 1', async () => {
    const own = tempDir();
    const env = { EDITWATCH_STATE_DIR: own.path, EDITWATCH_ALLOW_PRIVATE_HOSTS: 'false' };
    try {
      const privateUrls: [url: string, host: string, range: string][] = [
        ['http://127.0.0.1/a', '127.0.0.1', 'loopback'],
        ['http://localhost:8080/a', 'localhost', 'loopback'],
        ['http://[::1]/a', '[::1]', 'loopback'],
        ['http://169.254.169.254/latest/meta-data', '169.254.169.254', 'linkLocal'],
      ];
      for (const [url, host, range] of privateUrls) {
        const r = await cli(['track', url], env);
        expect(r.code, url).toBe(2);
        expect(r.stderr).toBe(
          `not tracked: ${url}: ${host} (${range}) is not a public address; EDITWATCH_ALLOW_PRIVATE_HOSTS=true allows it, for tests and the demo only\n`,
        );
      }
      const long = await cli(['track', `https://news.example/${'a'.repeat(10_000)}`], env);
      expect(long.code).toBe(1);
      expect(long.stderr).toMatch(
        /^not tracked: "https:\/\/news\.example\/a+…": a URL of 10,021 characters is too long to track \(at most 2,048\)\n$/,
      );
      expect((await cli(['list'], env)).stdout).toContain('No articles tracked yet');
      // The public URL among them is tracked; the private one is refused all the same.
      const mixed = await cli(['track', 'https://news.example/a', 'http://10.0.0.7/b'], env);
      expect(mixed.code).toBe(2);
      expect(mixed.stdout).toBe('tracking: https://news.example/a\n');
      expect((await cli(['track', 'http://127.0.0.1/a'], { ...env, EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true' })).code).toBe(
        0,
      );
    } finally {
      own.remove();
    }
  }, 120_000);

  it('diff turns versions given the wrong way round, with a note; diff and render refuse a pair that names no change', async () => {
    const own = tempDir();
    const env = { EDITWATCH_STATE_DIR: own.path };
    const url = `${server.origin}/story`;
    try {
      version = 0;
      await cli(['track', url], env);
      await cli(['check'], env);
      version = 2;
      await cli(['check', '--force'], env);
      const swapped = await cli(['diff', url, '--from', '2', '--to', '1'], env);
      expect(swapped.code).toBe(0);
      expect(swapped.stderr).toBe('editwatch: version 2 is later than version 1: showing the change from 1 to 2\n');
      expect(swapped.stdout).toMatch(/^version 1 \(.*\) -> version 2 \(/m);
      expect(swapped.stdout).toContain(
        '[-Council votes to close Riverside bridge for repairs-]{+Riverside bridge to close for 18 months as repair bill soars+}',
      );
      const refused: [string[], string][] = [
        [
          ['diff', url, '--to', '1'],
          `editwatch: version 1 is the first of ${url}: nothing before it to compare with (--to takes 2 to 2)`,
        ],
        [
          ['diff', url, '--from', '2', '--to', '2'],
          'editwatch: --from and --to both name version 2; name two different versions',
        ],
        [
          ['render', url, '--to', '1'],
          `editwatch: version 1 is the first of ${url}: no change led to it (--to takes 2 to 2)`,
        ],
        [['render', url, '--to', '9'], `editwatch: no version 9 of ${url}; versions are 1 to 2`],
      ];
      for (const [args, message] of refused) {
        const r = await cli(args, env);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr).toBe(`${message}\n`);
        expect(r.stdout).toBe('');
      }
    } finally {
      own.remove();
    }
  }, 120_000);
});

describe('a page with bidi controls', () => {
  it('reaches no post, alt text or terminal output with them', async () => {
    const own = tempDir();
    const env = { EDITWATCH_STATE_DIR: own.path };
    const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    // An override that would show the headline (and what follows it in a post) reversed, and isolates and marks.
    const hostile = (v: number) => ({
      ...DEMO_VERSIONS[v]!,
      headline: `\u202e${DEMO_VERSIONS[v]!.headline}\u202c`,
      paragraphs: DEMO_VERSIONS[v]!.paragraphs.map((p, i) => (i === 0 ? `\u2066${p}\u2069\u200f` : p)),
    });
    let edited = 0;
    server.route(
      '/bidi',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(articlePage(hostile(edited), 1, `${server.origin}/bidi`)),
    );
    const url = `${server.origin}/bidi`;
    try {
      const extracted = await cli(['extract', url, '--json'], env);
      expect(extracted.code).toBe(0);
      expect(extracted.stdout).not.toMatch(BIDI);
      expect((JSON.parse(extracted.stdout) as { headline: string }).headline).toBe(DEMO_VERSIONS[0]!.headline);
      await cli(['track', url], env);
      await cli(['check'], env);
      edited = 2;
      expect((await cli(['check', '--force'], env)).stdout).toContain('changed (version 2');
      const outbox = join(own.path, 'outbox');
      const posts = readdirSync(outbox).map(
        (id) =>
          JSON.parse(readFileSync(join(outbox, id, 'post.json'), 'utf8')) as {
            text: string;
            images: { alt: string }[];
          },
      );
      expect(posts).toHaveLength(2);
      for (const post of posts) {
        expect(post.text).not.toMatch(BIDI);
        expect(post.text).toContain(`“${DEMO_VERSIONS[2]!.headline}”`);
        for (const image of post.images) expect(image.alt).not.toMatch(BIDI);
      }
      for (const args of [['history', url], ['diff', url], ['list']])
        expect((await cli(args, env)).stdout, args[0]).not.toMatch(BIDI);
    } finally {
      own.remove();
    }
  }, 120_000);
});

describe('editwatch outbox', () => {
  it('lists posts by state with their errors, and retry sends a failed post again, once', async () => {
    const { startMastodonServer } = await import('./helpers/mastodon-server.ts');
    const mastodon = await startMastodonServer();
    const own = tempDir();
    const env = {
      EDITWATCH_STATE_DIR: own.path,
      MASTODON_URL: mastodon.url,
      MASTODON_TOKEN: mastodon.token,
      EDITWATCH_PUBLISH_BACKOFF_MS: '10',
    };
    try {
      const url = `${server.origin}/story`;
      version = 0;
      await cli(['track', url], env);
      await cli(['check'], env);
      // An instance whose limit no post about this article fits: the post fails, with the reason.
      mastodon.setMaxCharacters(30);
      version = 2;
      const check = await cli(['check', '--force'], env);
      expect(check.code).toBe(0);
      const failed = await cli(['outbox'], env);
      expect(failed.stdout).toMatch(/pending: 0 {3}sending: 0 {3}failed: 1 {3}posted: 0/);
      const id = /(\S+-mastodon)\s+failed/.exec(failed.stdout)?.[1];
      expect(id).toBeDefined();
      expect(failed.stdout).toContain(
        "error: the post does not fit this instance's limit of 30 characters even without its headline",
      );
      expect((await cli(['outbox', '--state', 'posted'], env)).stdout).not.toContain(id!);
      expect((await cli(['outbox', '--state', 'lost'], env)).stderr).toContain(
        'unknown state lost; expected some of pending, sending, failed, posted',
      );

      mastodon.setMaxCharacters(500);
      const retried = await cli(['outbox', 'retry', id!], env);
      expect(retried.stdout).toContain(`${id!}: queued again (was failed: the post does not fit`);
      expect((await cli(['check'], env)).code).toBe(0);
      const posted = await cli(['outbox', '--state', 'posted'], env);
      expect(posted.stdout).toMatch(/failed: 0 {3}posted: 1/);
      expect(posted.stdout).toContain(`${mastodon.url}/@${mastodon.username}/${mastodon.statuses[0]!.id}`);
      const again = await cli(['outbox', 'retry', id!], env);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(`post ${id!} is already posted`);
      expect((await cli(['outbox', 'retry', 'no-such-post'], env)).stderr).toContain(
        'no post "no-such-post" in the outbox',
      );
      expect(mastodon.statuses).toHaveLength(1);
      expect(mastodon.violations).toEqual([]);
    } finally {
      await mastodon.close();
      own.remove();
    }
  });
});

describe('editwatch start', () => {
  it('runs cycles with progress logs, and on SIGTERM stops the article in hand, records nothing, and exits 143', async () => {
    const own = tempDir();
    // A slow page: the signal arrives while it is being fetched.
    let inHand: () => void = () => {};
    const fetching = new Promise<void>((resolve) => (inHand = resolve));
    server.route('/slow', (_req, res) => {
      inHand();
      setTimeout(() => {
        if (!res.destroyed)
          res
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end(articlePage(DEMO_VERSIONS[0]!, 1, `${server.origin}/slow`));
      }, 1500);
    });
    const env = { EDITWATCH_STATE_DIR: own.path, LOG_FORMAT: 'json', LOG_LEVEL: 'info' };
    try {
      await cli(['track', `${server.origin}/slow`], env);
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [BIN, 'start'], {
        env: { PATH: process.env.PATH, EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true', EDITWATCH_HOST_DELAY_MS: '0', ...env },
        cwd: own.path,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let logs = '';
      child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await fetching;
      const signalled = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(Date.now() - signalled).toBeLessThan(5_000);
      const lines = logs
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { msg: string; progress?: string; outcome?: string });
      expect(lines.map((l) => l.msg)).toEqual(
        expect.arrayContaining([
          'editwatch started',
          'check cycle started',
          'stopping: the work in hand is cut short and nothing new is started (a second signal stops at once)',
          'check stopped by the shutdown; the article stays due',
          'check cycle finished',
          'stopped',
        ]),
      );
      // Nothing was recorded: the article is still due, and the next run checks it.
      expect((await cli(['check'], env)).stdout).toContain(`first version stored: ${server.origin}/slow`);
    } finally {
      own.remove();
    }
  });
});

describe('editwatch status', () => {
  it('shows the queue, the schedule, the outbox and the failing articles', async () => {
    const own = tempDir();
    const env = { EDITWATCH_STATE_DIR: own.path };
    try {
      version = 0;
      await cli(['track', `${server.origin}/story`, `${server.origin}/nowhere`], env);
      await cli(['check'], env);
      const r = await cli(['status'], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(
        'articles: 2 watched, 0 due now (0 overdue by more than 10 min), 1 failing, 0 retired',
      );
      expect(r.stdout).toMatch(
        /last check: \d+ s ago; next due: [45] min from now \(http:\/\/127\.0\.0\.1:\d+\/(story|nowhere)\)/,
      );
      expect(r.stdout).toContain(
        'schedule: every 5 min to 3 h, every 15 min to 1 d, every 1 h to 3 d, every 6 h to 14 d, every 1 d; retired after 40 d unchanged or 3 answers of 404/410 in a row; checks a cycle sized from demand, 8 at once, cron "* * * * *"',
      );
      expect(r.stdout).toContain('posts: 0 pending, 0 sending, 0 failed, 0 posted (dry run)');
      expect(r.stdout).toMatch(/^database: SQLite, \/.*\/editwatch\.sqlite$/m);
      expect(r.stdout).toMatch(/failing:\n {2}http:\/\/127\.0\.0\.1:\d+\/nowhere\n {4}.*HTTP 404/);
    } finally {
      own.remove();
    }
  });
});
