import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMastodonServer, type MastodonServer } from './helpers/mastodon-server.ts';

let mastodon: MastodonServer;
beforeEach(async () => {
  mastodon = await startMastodonServer();
});
afterEach(() => mastodon.close());

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${mastodon.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${mastodon.token}`,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    },
  });

/** The contract server must catch what a real server would reject, or the publish tests prove little. */
describe('the Mastodon contract server checks calls against the API description', () => {
  it('accepts a well-formed status and answers with a Status that fits the description', async () => {
    const res = await call('/api/v1/statuses', {
      method: 'POST',
      body: JSON.stringify({ status: 'hello', visibility: 'public' }),
      headers: { 'idempotency-key': 'k1' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    expect(await res.json()).toMatchObject({ content: '<p>hello</p>', visibility: 'public', in_reply_to_id: null });
    expect(mastodon.violations).toEqual([]);
  });

  it('flags a body, a query parameter and a route that the description does not allow', async () => {
    const bad = await call('/api/v1/statuses', {
      method: 'POST',
      body: JSON.stringify({ status: 'x', visibility: 'everyone', media_ids: 'not-a-list' }),
    });
    expect(bad.status).toBe(422);
    expect(mastodon.statuses).toEqual([]);
    expect(mastodon.violations.filter((v) => v.startsWith('POST /api/v1/statuses: body')).join('\n')).toMatch(
      /visibility must be equal to one of the allowed values[\s\S]*media_ids must be array/,
    );
    await call('/api/v1/notifications?types[]=mention&colour=blue');
    await call('/api/v1/statuses/1/not-a-route');
    expect(mastodon.violations).toEqual([
      ...mastodon.violations.filter((v) => v.startsWith('POST /api/v1/statuses: body')),
      expect.stringMatching(/^GET \/api\/v1\/notifications: query parameter "colour" is not in the description/),
      'GET /api/v1/statuses/1/not-a-route: no such route in the API description',
    ]);
  });

  it('answers like Mastodon: 401 without the token, 404 for a reply to nothing, 422 over the text limit', async () => {
    expect((await fetch(`${mastodon.url}/api/v1/accounts/verify_credentials`)).status).toBe(401);
    const reply = await call('/api/v1/statuses', {
      method: 'POST',
      body: JSON.stringify({ status: 'hi', in_reply_to_id: '42' }),
    });
    expect([reply.status, await reply.json()]).toEqual([404, { error: 'Record not found' }]);
    const long = await call('/api/v1/statuses', { method: 'POST', body: JSON.stringify({ status: 'x'.repeat(501) }) });
    expect([long.status, await long.json()]).toEqual([
      422,
      { error: 'Validation failed: Text character limit of 500 exceeded' },
    ]);
    expect(mastodon.violations).toEqual([]);
  });
});
