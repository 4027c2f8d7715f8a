import type { Context } from 'hono';
import { z } from 'zod';

/** What the archive's routes share: paging, query parsing (bad values are 400), path ids (404). */

export const PAGE_SIZE = 50;

/** A whole number from 1, written plainly (no "1e3", "0x10" or "1.0"). */
export const positive = z
  .string()
  .regex(/^[1-9]\d{0,8}$/, { error: 'must be a whole number from 1' })
  .transform(Number);

/** Search words: at most 200 characters. */
export const searchWords = z.string().trim().max(200, { error: 'must be at most 200 characters' });

export class BadRequest extends Error {}
export class NotFound extends Error {}

/**
 * Parses a query or throws BadRequest with one sentence naming the parameter and what it takes:
 * "page must be a whole number from 1, got "abc"", "unknown query parameter colour (this address takes page, q)".
 */
export function parseQuery<T extends z.ZodObject>(c: Context, schema: T): z.infer<T> {
  const query = c.req.query();
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(schema.shape);
    throw new BadRequest(
      `unknown query parameter ${issue.keys.join(', ')} (${known.length ? `this address takes ${known.join(', ')}` : 'this address takes none'})`,
    );
  }
  const name = String(issue.path[0] ?? 'query');
  const got = query[name];
  throw new BadRequest(
    `${name} ${issue.message}${got === undefined ? '' : `, got "${got.length > 40 ? `${got.slice(0, 40)}…` : got}"`}`,
  );
}

/** A path id: a whole number, else no such thing (404). */
export function idParam(c: Context, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw new NotFound(`no ${name === 'id' ? 'article' : name} "${raw}"`);
  return Number(raw);
}
