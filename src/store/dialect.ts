/** The database a store runs on: the SQL that differs between them asks this. */
export type Dialect = 'sqlite' | 'postgres';
