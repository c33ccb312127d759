import { type Kysely, sql } from 'kysely';
import type { Dialect } from './connect.ts';
import type { Database } from './database.ts';

/**
 * Moves everything SQLite's write-ahead log holds into the database file and empties the log, so
 * that what was just erased (zeroed in the pages, secure_delete being on) survives in neither file:
 * the log keeps every older image of a page until then. True when the log was emptied; false when a
 * reader in another process kept part of it, which the next checkpoint takes. Nothing to do on
 * PostgreSQL.
 */
export async function emptyWriteAheadLog(db: Kysely<Database>, dialect: Dialect): Promise<boolean> {
  if (dialect !== 'sqlite') return true;
  const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  return rows[0]?.busy === 0;
}
