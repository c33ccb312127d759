import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { type ConnectOptions, connectDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { START_FLAGS } from '../../tests/helpers/server.ts';
import { type ChildServer, startChildServer } from './child-server.ts';
import type { BenchSettings } from './section.ts';

/** The engine's name as the table's rows say it. */
export type Engine = 'SQLite' | 'PostgreSQL';

/** A fresh, migrated database for one Élan server, and the way to read it from the bench. */
type BenchDatabase = Readonly<{
  engine: Engine;
  /** The DATABASE_URL to give the server. */
  url: string;
  /** Runs `fn` over a connection of this process's own, beside the server's (WAL lets both read on SQLite). */
  query: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>;
  /** Deletes the SQLite folder or drops the PostgreSQL schema. */
  remove: () => Promise<void>;
}>;

/** Runs `fn` over a connection opened for it and closed after. */
function queryEach(url: string, options?: ConnectOptions): BenchDatabase['query'] {
  return async (fn) => {
    const handle = await connectDatabase(url, options);
    try {
      return await fn(handle.db);
    } finally {
      await handle.destroy();
    }
  };
}

/** Migrates a database just made; deletes it again if that fails. */
async function migrated(database: BenchDatabase, schema?: string): Promise<BenchDatabase> {
  try {
    await database.query((db) => migrateToLatest(db, schema));
    return database;
  } catch (error) {
    await database.remove();
    throw error;
  }
}

async function sqliteDatabase(): Promise<BenchDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'elan-bench-'));
  const url = `sqlite:${join(dir, 'elan.db')}`;
  return migrated({ engine: 'SQLite', url, query: queryEach(url), remove: () => rm(dir, { recursive: true, force: true }) });
}

/**
 * A schema of its own on the PostgreSQL server, named in the server's URL as its search_path. It
 * is migrated here with the schema named, or the migrator would find another schema's tables.
 */
function postgresDatabase(base: string): Promise<BenchDatabase> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const query = queryEach(base, { schema, poolSize: 2 });
  const remove = () => query(async (db) => void (await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db)));
  return migrated({ engine: 'PostgreSQL', url: url.toString(), query, remove }, schema);
}

export type ElanServer = ChildServer &
  Readonly<{
    engine: Engine;
    databaseUrl: string;
    /** Runs `fn` over a connection of this process's own, beside the server's. */
    query: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>;
    /** Stops the server if it still runs and deletes its database. */
    remove: () => Promise<void>;
  }>;

export type ElanOptions = Readonly<{
  /** Configuration added to the bench's defaults (a fresh database, silent logs). */
  env?: Record<string, string>;
  /** Fills the migrated database before the server starts (workplaces, awards…). */
  setup?: (db: Kysely<Database>) => Promise<unknown>;
  /** A PostgreSQL server to run on, in a fresh schema dropped by remove(); without it, a fresh SQLite file. */
  postgresUrl?: string | null;
  /** Cores to run the server on (cores.ts); without it, wherever the scheduler puts it. */
  cores?: string;
  /** TypeScript modules loaded into the server before it starts (bench/probes/). */
  imports?: string[];
}>;

/**
 * Starts Élan as `npm start` does (src/index.ts in a child process) on a fresh database, migrated
 * and filled by `setup` first.
 */
export async function startElan(settings: BenchSettings, options: ElanOptions = {}): Promise<ElanServer> {
  const database = options.postgresUrl ? await postgresDatabase(options.postgresUrl) : await sqliteDatabase();
  try {
    if (options.setup) await database.query(options.setup);
    const server = await startChildServer('src/index.ts', {
      env: { DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...options.env },
      cores: options.cores,
      imports: options.imports,
      // As npm start runs it: without V8's memory reducer, which after the quiet spell while the
      // ceiling is measured shrank the young generation and made each answer cost ~1.6 times as much.
      nodeArgs: [...START_FLAGS, ...(settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [])],
    });
    return {
      ...server,
      engine: database.engine,
      databaseUrl: database.url,
      query: database.query,
      remove: async () => {
        // A CPU profile is written only on a clean exit.
        await server.stop(settings.cpuProfileDir ? 'SIGTERM' : 'SIGKILL');
        await database.remove();
      },
    };
  } catch (error) {
    await database.remove();
    throw error;
  }
}
