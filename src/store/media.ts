import { inTransaction, type Db } from './db.ts';

/** A change's cards: PNG files by name. */
export interface CardFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Where each change's cards are kept, whole or not at all, under the folder name its posts hold
 * (`posts.media`): written when the change is found, read when its posts are sent and when the archive
 * shows them. A folder on disk beside a SQLite state (publish/card-folder.ts); the database itself on
 * PostgreSQL, so every worker and `serve` on any machine reads the same cards. One interface, so object
 * storage could take either's place.
 */
export interface CardMedia {
  /** Where the cards are, for errors and logs. */
  readonly where: string;
  /** Stores `files` as `folder`, replacing any earlier try under that name. */
  put(folder: string, files: CardFile[]): Promise<void>;
  /** One file's bytes, or null when there is no such file. */
  read(folder: string, file: string): Promise<Buffer | null>;
  /** Removes a change's cards whose version could not be stored. */
  remove(folder: string): Promise<void>;
  /** Removes what a process killed while writing left (each cycle); returns how many were removed. */
  sweepUnfinished(): Promise<number>;
  /** Removes cards no stored post uses, left by a process killed before its version was stored; returns how many. */
  sweepUnused(): Promise<number>;
}

/**
 * Cards left unused this long are a crash's leftovers, not a change another worker is storing now (the
 * cards are written just before their version, in the same check).
 */
const UNUSED_AFTER_MS = 60 * 60_000;

/** Cards in the `media` table (migration 0016): each folder's files written in one transaction. */
export class DatabaseMedia implements CardMedia {
  constructor(
    private readonly db: Db,
    readonly where: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async put(folder: string, files: CardFile[]): Promise<void> {
    const addedAt = this.now().toISOString();
    await inTransaction(this.db, async (tx) => {
      await tx.deleteFrom('media').where('folder', '=', folder).execute();
      if (files.length)
        await tx
          .insertInto('media')
          .values(files.map((f) => ({ folder, file: f.name, bytes: Buffer.from(f.bytes), added_at: addedAt })))
          .execute();
    });
  }

  async read(folder: string, file: string): Promise<Buffer | null> {
    const row = await this.db
      .selectFrom('media')
      .select('bytes')
      .where('folder', '=', folder)
      .where('file', '=', file)
      .executeTakeFirst();
    return row?.bytes ?? null;
  }

  async remove(folder: string): Promise<void> {
    await this.db.deleteFrom('media').where('folder', '=', folder).execute();
  }

  sweepUnfinished(): Promise<number> {
    return Promise.resolve(0); // a folder is written in one transaction: none is ever half there
  }

  async sweepUnused(): Promise<number> {
    const before = new Date(this.now().getTime() - UNUSED_AFTER_MS).toISOString();
    const result = await this.db
      .deleteFrom('media')
      .where('added_at', '<', before)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('posts').select('posts.id').whereRef('posts.media', '=', 'media.folder'))),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
