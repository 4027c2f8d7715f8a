/**
 * Where the state's database is: a SQLite file (a path), or a PostgreSQL server (a postgres:// URL, which
 * may carry a password and is shown only through `databaseName`).
 */
export const isDatabaseUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/** The location as errors and logs may show it: a URL without its password. */
export function databaseName(location: string): string {
  if (!isDatabaseUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    url.searchParams.delete('password');
    return url.href;
  } catch {
    return 'the PostgreSQL database (EDITWATCH_DATABASE_URL)';
  }
}
