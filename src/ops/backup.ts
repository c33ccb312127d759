import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';

export type BackupResult = Readonly<{ path: string; bytes: number; pages: number }>;

/** Where a backup taken at `now` goes by default: `<dir>/elan-2026-11-22T15-00-00Z.db`. */
export function defaultBackupPath(now: Date, dir = 'backups'): string {
  // Colons are not allowed in Windows file names; seconds are precision enough for a manual backup.
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
  return join(dir, `elan-${stamp}.db`);
}

/** The file of a `sqlite:<path>` DATABASE_URL; null for PostgreSQL or an in-memory database. */
export function sqliteFileOf(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('sqlite:')) return null;
  const path = databaseUrl.slice('sqlite:'.length);
  return path === ':memory:' || path === '' ? null : path;
}

/**
 * Copies a live SQLite database to `target` with SQLite's online backup API, while the server goes
 * on writing. The copy is checked, then renamed into place, so a file at `target` is always whole.
 */
export async function backupSqlite(source: string, target: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new Error(`no SQLite database at ${source}`);
  if (existsSync(target)) throw new Error(`${target} exists already; choose another path`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });

  const db = new SqliteDatabase(source, { fileMustExist: true });
  let pages: number;
  try {
    db.pragma('busy_timeout = 5000');
    // Every page in one step, under one read transaction: in WAL mode the server keeps writing
    // meanwhile, and the copy is the database as of that instant. In small steps, each write the
    // server makes between two steps would restart the copy, perhaps for ever under steady load.
    const done = await db.backup(partial, { progress: () => 0x7fffffff });
    pages = done.totalPages;
  } finally {
    db.close();
  }

  const copy = new SqliteDatabase(partial, { fileMustExist: true });
  try {
    // The copy inherits WAL mode; a rollback journal makes it one self-contained file to move around.
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${String(integrity)}`);
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  copy.close();
  renameSync(partial, target);
  return { path: target, bytes: statSync(target).size, pages };
}
