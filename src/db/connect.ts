import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  type Compilable,
  CompiledQuery,
  type DialectAdapter,
  type Expression,
  Kysely,
  type Dialect as KyselyDialect,
  type SqliteDatabase as KyselySqliteDatabase,
  PostgresAdapter,
  type PostgresPool,
  type PostgresPoolClient,
  SqliteDialect,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { OneSchemaPostgresDialect } from './postgres-introspector.ts';

export type Dialect = 'sqlite' | 'postgres';

export type DatabaseHandle = {
  db: Kysely<Database>;
  dialect: Dialect;
  /** What this database's queries keep between calls; emptied by destroy(). */
  queries: QueryCaches;
  destroy: () => Promise<void>;
};

/**
 * What a database handle keeps between queries, so that the hot reads skip Kysely's building and
 * compiling and the server's parsing. All of it is bounded by the code's fixed set of queries.
 */
export type QueryCaches = {
  /** precompile's compiled queries, one per precompiled query (a fixed few dozen), for this dialect. */
  compiled: Map<object, CompiledQuery>;
  /**
   * PostgreSQL: the prepared statement's name of each precompiled SQL text (a fixed few dozen). Sent
   * by name, a query is parsed and planned once per connection rather than at every call. Other
   * queries stay unnamed, since their texts vary without bound and a connection keeps every
   * statement it prepared. A pooler in front of PostgreSQL must keep prepared statements per client
   * (PgBouncer 1.21 and later with max_prepared_statements, or session pooling).
   */
  preparedNames: Map<string, string>;
  /**
   * SQLite: the connection under the handle's Kysely instance (never a transaction's), for
   * precompile's direct reads, with its statements prepared once (at most STATEMENT_CACHE_SIZE).
   * Kysely runs each SQLite query synchronously once it holds the connection, so a read made
   * synchronously while no transaction is open sees exactly what a read queued behind Kysely's
   * mutex would: committed rows only, with nothing able to run in between.
   */
  direct?: { db: Kysely<Database>; sqlite: SqliteDatabase.Database; statements: CachedStatements };
};

// precompile finds the handle's caches on the query's adapter, which a Kysely instance shares with its
// transactions: one property read, where a registry keyed by database would be a lookup.
const QUERY_CACHES = Symbol('query caches');
type CachingAdapter = DialectAdapter & { [QUERY_CACHES]?: QueryCaches };

/** The dialect with its adapter carrying the handle's caches. */
function withQueryCaches(dialect: KyselyDialect, queries: QueryCaches): KyselyDialect {
  return {
    createDriver: () => dialect.createDriver(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createAdapter: () => Object.assign(dialect.createAdapter(), { [QUERY_CACHES]: queries }),
  };
}

/** Closes the database and forgets what its queries kept. */
function destroyer(db: Kysely<Database>, queries: QueryCaches): () => Promise<void> {
  return async () => {
    await db.destroy();
    queries.compiled.clear();
    queries.preparedNames.clear();
    queries.direct?.statements.clear();
  };
}

export type ConnectOptions = {
  /** PostgreSQL schema to use (tests give each file its own). Created if missing. */
  schema?: string;
  /** Largest PostgreSQL pool. */
  poolSize?: number;
};

// pg returns BIGINT (count(*), sums) as text to avoid precision loss; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Opens the database named by a DATABASE_URL: `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…`. */
export async function connectDatabase(url: string, options: ConnectOptions = {}): Promise<DatabaseHandle> {
  if (url.startsWith('sqlite:')) return connectSqlite(url.slice('sqlite:'.length));
  return connectPostgres(url, options);
}

function connectSqlite(path: string): DatabaseHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  // WAL lets readers run beside the writer. NORMAL in WAL writes each commit to the WAL file before
  // the commit returns, so a process crash (even SIGKILL) loses nothing; only an OS crash or power
  // cut can lose the last transactions, since the WAL is fsynced at checkpoints rather than at
  // every commit. FULL would fsync every commit, a cost the throughput target cannot carry.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // A savepoint (the nomination writer opens one per nomination of a batch) keeps the pages it
  // changes in a statement journal, by default a temporary file whose writes weigh on every
  // nomination; in memory it holds only those few pages.
  sqlite.pragma('temp_store = MEMORY');
  // What is deleted or overwritten (an address forgotten after its mail left, an erased badge) is
  // zeroed in the pages, not left in their free space for anyone reading the file.
  sqlite.pragma('secure_delete = ON');
  const statements = withStatementCache(sqlite, STATEMENT_CACHE_SIZE);
  const queries: QueryCaches = { compiled: new Map(), preparedNames: new Map() };
  const db = new Kysely<Database>({ dialect: withQueryCaches(new SqliteDialect({ database: statements }), queries) });
  queries.direct = { db, sqlite, statements };
  return { db, dialect: 'sqlite', queries, destroy: destroyer(db, queries) };
}

// The app's queries come in a few dozen shapes, and the texts that vary (an `in (…)` list of
// another length) are rare; 500 holds every shape with room to spare.
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver calls `prepare()` for every query it runs, and compiling SQL costs more
 * than running a small insert. This hands Kysely the database with a bounded LRU of prepared
 * statements keyed by their SQL text. Reusing one is safe: Kysely runs one query at a time on
 * SQLite's single connection (a mutex, held by a stream until it ends), so a statement is never
 * run twice at once; and SQLite re-prepares it by itself if a migration changes the schema.
 */
export function withStatementCache(database: SqliteDatabase.Database, capacity: number): CachedStatements {
  // Each entry records when it was last used. A hit only updates that number; the least recently
  // used is searched for only when a new text overflows the cache, which a running app hardly does.
  const statements = new Map<string, { statement: SqliteDatabase.Statement; usedAt: number }>();
  let clock = 0;
  return {
    prepare(text) {
      const cached = statements.get(text);
      if (cached) {
        cached.usedAt = ++clock;
        return cached.statement;
      }
      if (statements.size >= capacity) {
        let oldest: string | undefined;
        let oldestAt = Infinity;
        for (const [key, entry] of statements) {
          if (entry.usedAt < oldestAt) [oldest, oldestAt] = [key, entry.usedAt];
        }
        statements.delete(oldest!);
      }
      const statement = database.prepare(text);
      statements.set(text, { statement, usedAt: ++clock });
      return statement;
    },
    get size() {
      return statements.size;
    },
    clear() {
      statements.clear();
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}

/** A SQLite database as Kysely takes it, keeping the statements it prepared. */
export type CachedStatements = KyselySqliteDatabase & { readonly size: number; clear(): void };

async function connectPostgres(url: string, options: ConnectOptions): Promise<DatabaseHandle> {
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A client that loses its server (a database restart) emits 'error'. The pool listens only while
  // the client is idle; checked out, nobody does, and an unheard 'error' kills the process. The
  // query in flight is rejected anyway (the request answers 503), and the pool drops the client
  // when it comes back, so here the event only needs a listener.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const queries: QueryCaches = { compiled: new Map(), preparedNames: new Map() };
  const dialect = new OneSchemaPostgresDialect({ pool: preparingPool(pool, queries.preparedNames) });
  const db = new Kysely<Database>({ dialect: withQueryCaches(dialect, queries) });
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  return { db, dialect: 'postgres', queries, destroy: destroyer(db, queries) };
}

/** The pool as Kysely takes it, its clients sending precompiled queries as named prepared statements. */
function preparingPool(pool: pg.Pool, preparedNames: ReadonlyMap<string, string>): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        query: ((text: unknown, values?: unknown[]) => {
          const name = typeof text === 'string' ? preparedNames.get(text) : undefined;
          if (name) return client.query({ name, text: text as string, values: values ?? [] });
          return values === undefined ? client.query(text as never) : client.query(text as string, values);
        }) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}

/** Where one call's value goes in a precompiled query. */
class Slot {
  constructor(readonly name: string) {}
}

/** Stand-ins for a precompiled query's values, one per name, each typed as its value. */
export type Slots<V> = { readonly [K in keyof V]-?: Expression<V[K]> };

/**
 * A query Kysely builds and compiles once per database (kept per dialect adapter), since on the hot
 * path building and compiling cost more than SQLite takes to run it. `build` writes the query with
 * `slots.x` wherever the value `x` goes (`slots` may be given whole to `values()`); `names` lists every
 * value, so a forgotten one fails the type check. The function returned runs the query on a database or
 * a transaction with one call's values. Kysely plugins do not apply; Élan uses none.
 *
 * On SQLite, a read given the database itself while no transaction is open runs at once on the cached
 * statement, skipping Kysely's mutex and promise chain; inside a transaction it queues through Kysely,
 * so it never sees another request's uncommitted rows.
 */
export function precompile<V extends Record<string, unknown>, R>(
  names: { readonly [K in keyof V]-?: true },
  build: (db: Kysely<Database>, slots: Slots<V>) => Compilable<R>,
): (db: Kysely<Database>, values: V) => Promise<R[]> {
  const slots = Object.fromEntries(Object.keys(names).map((name) => [name, sql`${new Slot(name)}`])) as unknown as Slots<V>;
  // This query's key in each handle's compiled queries.
  const key = {};
  return async (db, values) => {
    const adapter = db.getExecutor().adapter as CachingAdapter;
    // A Kysely instance made elsewhere (not by connectDatabase) keeps nothing: compiled at every call.
    const queries = adapter[QUERY_CACHES];
    let query = queries?.compiled.get(key) as CompiledQuery<R> | undefined;
    if (!query) {
      query = build(db, slots).compile();
      if (queries) {
        queries.compiled.set(key, query);
        const { preparedNames } = queries;
        if (adapter instanceof PostgresAdapter && !preparedNames.has(query.sql))
          preparedNames.set(query.sql, `elan_${preparedNames.size + 1}`);
      }
    }
    const parameters = query.parameters.map((parameter) => (parameter instanceof Slot ? values[parameter.name] : parameter));
    const direct = queries?.direct;
    if (direct && direct.db === db && !direct.sqlite.inTransaction) {
      const statement = direct.statements.prepare(query.sql);
      if (statement.reader) return statement.all(parameters) as R[];
    }
    const result = await db.executeQuery<R>(CompiledQuery.raw(query.sql, parameters));
    return result.rows;
  };
}
