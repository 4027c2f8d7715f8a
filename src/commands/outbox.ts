import type { StateApp } from '../open-state.ts';
import { formatGap } from '../format-gap.ts';
import { table } from './terminal.ts';
import type { PostState } from '../store/index.ts';
import { UsageError } from './usage-error.ts';

const STATES: readonly PostState[] = ['pending', 'sending', 'failed', 'posted'];

/** `editwatch outbox [--state s]`: the posts by state, newest first, with their last error. */
export async function outbox(app: StateApp, options: { state?: string; limit?: number }): Promise<number> {
  const states = options.state ? options.state.split(',').map((s) => s.trim()) : [];
  const unknown = states.filter((s) => !STATES.includes(s as PostState));
  if (unknown.length)
    throw new UsageError(`unknown state ${unknown.join(', ')}; expected some of ${STATES.join(', ')}`);
  const counts = await app.store.outbox.countByState();
  console.log(STATES.map((s) => `${s}: ${counts[s]}`).join('   '));
  const rows = await app.store.outbox.list(states as PostState[], options.limit ?? 50);
  if (rows.length === 0) return 0;
  const now = Date.now();
  const sorted = [...rows].sort((a, b) => STATES.indexOf(a.state) - STATES.indexOf(b.state));
  console.log(
    table(
      ['post', 'state', 'tries', 'updated', 'where'],
      sorted.map((r) => [
        r.id,
        r.state,
        String(r.attempts),
        `${formatGap(Math.abs(now - Date.parse(r.updated_at)))} ago`,
        `${r.remote_url ?? 'not sent yet'}${r.in_reply_to ? ` (reply to ${r.in_reply_to})` : ''}${r.last_error ? `\n    error: ${r.last_error}` : ''}`,
      ]),
    ),
  );
  return 0;
}

/** `editwatch outbox retry <id>`: puts a failed post back in the queue; the next cycle sends it. */
export async function retryPost(app: StateApp, id: string): Promise<number> {
  const row = await app.store.outbox.byId(id);
  if (!row) throw new UsageError(`no post "${id}" in the outbox (see: editwatch outbox)`);
  if (row.state === 'posted')
    throw new UsageError(
      `post ${id} is already posted${row.remote_url ? ` (${row.remote_url})` : ''}; not sending it twice`,
    );
  if (row.state === 'sending')
    throw new UsageError(
      `post ${id} is being sent (or was, when editwatch stopped); the next cycle looks it up on ${row.network} before sending it again`,
    );
  await app.store.outbox.transition(id, 'requeue', new Date().toISOString());
  console.log(
    `${id}: queued again (was ${row.state}${row.last_error ? `: ${row.last_error}` : ''}); the next cycle sends it`,
  );
  return 0;
}
