import { describe, expect, it } from 'vitest';
import { databaseName, isDatabaseUrl } from './location.ts';

describe('the database location', () => {
  it('is PostgreSQL for a postgres:// or postgresql:// URL, a SQLite file otherwise', () => {
    expect(isDatabaseUrl('postgres://db/x')).toBe(true);
    expect(isDatabaseUrl('PostgreSQL://db/x')).toBe(true);
    expect(isDatabaseUrl('/srv/editwatch/state/editwatch.sqlite')).toBe(false);
    expect(isDatabaseUrl('./postgres://odd-file-name')).toBe(false);
  });

  it('is shown without its password, wherever the URL carries one', () => {
    expect(databaseName('postgres://editwatch:s3cret@db.internal:5432/editwatch')).toBe(
      'postgres://editwatch:***@db.internal:5432/editwatch',
    );
    expect(databaseName('postgresql://db.internal/editwatch?password=s3cret&sslmode=require')).toBe(
      'postgresql://db.internal/editwatch?sslmode=require',
    );
    expect(databaseName('postgres://editwatch@db.internal/editwatch')).toBe(
      'postgres://editwatch@db.internal/editwatch',
    );
    expect(databaseName('/srv/state/editwatch.sqlite')).toBe('/srv/state/editwatch.sqlite');
  });
});
