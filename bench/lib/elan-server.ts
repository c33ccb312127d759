import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { connectDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { type ChildServer, startChildServer } from './child-server.ts';
import type { BenchSettings } from './section.ts';

export type ElanServer = ChildServer &
  Readonly<{
    databaseUrl: string;
    /** Runs `fn` over a connection of this process's own, beside the server's (WAL lets both read). */
    query: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>;
    /** Stops the server if it still runs and deletes its database. */
    remove: () => Promise<void>;
  }>;

export type ElanOptions = Readonly<{
  /** Configuration added to the bench's defaults (a fresh SQLite file, silent logs). */
  env?: Record<string, string>;
  /** Fills the migrated database before the server starts (workplaces, awards…). */
  setup?: (db: Kysely<Database>) => Promise<void>;
}>;

/**
 * Starts Élan as `npm start` does (src/index.ts in a child process) on a fresh SQLite file in a
 * temporary folder, migrated and filled by `setup` first.
 */
export async function startElan(settings: BenchSettings, options: ElanOptions = {}): Promise<ElanServer> {
  const dir = await mkdtemp(join(tmpdir(), 'elan-bench-'));
  const databaseUrl = `sqlite:${join(dir, 'elan.db')}`;
  const query = async <T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> => {
    const handle = await connectDatabase(databaseUrl);
    try {
      return await fn(handle.db);
    } finally {
      await handle.destroy();
    }
  };
  try {
    await query(async (db) => {
      await migrateToLatest(db);
      await options.setup?.(db);
    });
    const server = await startChildServer('src/index.ts', {
      env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ...options.env },
      nodeArgs: settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [],
    });
    return {
      ...server,
      databaseUrl,
      query,
      remove: async () => {
        await server.stop('SIGKILL');
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
