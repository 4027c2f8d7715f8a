import type { Context } from 'hono';
import { z } from 'zod';

/** What the archive's routes share: paging, query parsing (bad values are 400), path ids (404). */

export const PAGE_SIZE = 50;

/** A whole number from 1. */
export const positive = z.coerce.number().int().min(1).max(1_000_000_000);

export class BadRequest extends Error {}
export class NotFound extends Error {}

/** Parses a query or throws BadRequest naming the parameter. */
export function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') throw new BadRequest(`unknown query parameter ${issue.keys.join(', ')}`);
    throw new BadRequest(`bad value for ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** A path id: a whole number, else no such thing (404). */
export function idParam(c: Context, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw new NotFound(`no ${name === 'id' ? 'article' : name} "${raw}"`);
  return Number(raw);
}
