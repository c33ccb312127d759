import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type AppCaches, clearCaches, createCaches } from './caches.ts';
import type { Config } from './config.ts';
import { ensureSigningKey } from './credentials/ob3/keys.ts';
import { type ConnectOptions, connectDatabase, type Dialect } from './db/connect.ts';
import type { Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { type Clock, systemClock } from './lib/clock.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { createNominationWriter, type NominationWriter } from './nominations/nomination-writer.ts';
import { createWorkPool, type WorkPool, type WorkPoolOptions } from './pool/work-pool.ts';

// A drawing takes a few tens of milliseconds; one still running after this is stuck, and its caller is told to retry.
const POOL_DEADLINE_MS = 10_000;
// Tasks that may wait for a thread: a burst of approvals fits, a flood is refused at once with 503.
const POOL_MAX_QUEUE = 256;

/** Everything a request may need, built once per process (or per test file) and passed down. */
export type AppContext = {
  config: Config;
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  logger: Logger;
  /** Key for keyed hashes of client addresses; from SECRET_KEY or generated once and kept in the database. */
  hashKey: string;
  /** Delivers the outbox; index.ts starts its timer, and enqueueing a message wakes it. */
  mailer: Mailer;
  /** Writes nominations, those arriving together in one transaction: the form and the API share it. */
  nominationWriter: NominationWriter;
  /** Worker threads for the heavy work (drawing), each task within a deadline; destroy() ends them. */
  pool: WorkPool;
  /** Runs work after the response (rendering images); failures are logged, and destroy() waits for it. */
  later: (name: string, work: () => Promise<unknown>) => void;
  /** Every cache this context keeps (caches.ts); destroy() empties them. */
  caches: AppCaches;
  destroy: () => Promise<void>;
};

export type ContextOptions = {
  clock?: Clock;
  logger?: Logger;
  database?: ConnectOptions;
  /** The pool's bounds, when not the defaults (a test of what happens past them). */
  pool?: Partial<Pick<WorkPoolOptions, 'deadlineMs' | 'maxQueue'>>;
};

/** Connects, migrates and assembles the context. */
export async function createAppContext(config: Config, options: ContextOptions = {}): Promise<AppContext> {
  const handle = await connectDatabase(config.databaseUrl, options.database);
  try {
    await migrateToLatest(handle.db, options.database?.schema);
    const hashKey = config.secretKey ?? (await loadOrCreateSetting(handle.db, 'hash_key', () => randomBytes(32).toString('hex')));
    const clock = options.clock ?? systemClock;
    // The Open Badges 3.0 signing key exists from the first start on; processes starting together agree on one.
    await ensureSigningKey(handle.db, clock.now());
    const logger = options.logger ?? createLogger(config.logLevel);
    const mailer = createMailer({
      db: handle.db,
      dialect: handle.dialect,
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      logger,
      clock,
      perRecipient: { hashKey, rule: config.mailRateLimit },
    });
    const nominationWriter = createNominationWriter(handle.db);
    const caches = createCaches(handle.queries);
    const pool = createWorkPool({
      threads: config.renderThreads,
      deadlineMs: options.pool?.deadlineMs ?? POOL_DEADLINE_MS,
      maxQueue: options.pool?.maxQueue ?? POOL_MAX_QUEUE,
    });
    const pending = new Set<Promise<unknown>>();
    const later = (name: string, work: () => Promise<unknown>) => {
      const running = work()
        .catch((error: unknown) => logger.warn(`${name} failed`, { error: String((error as Error)?.stack ?? error) }))
        .finally(() => pending.delete(running));
      pending.add(running);
    };
    return {
      config,
      db: handle.db,
      dialect: handle.dialect,
      clock,
      logger,
      hashKey,
      mailer,
      nominationWriter,
      pool,
      later,
      caches,
      destroy: async () => {
        await Promise.all(pending);
        // The last nominations' mail is in the outbox before the mailer stops.
        await nominationWriter.stop();
        await mailer.stop();
        await pool.destroy();
        await handle.destroy();
        clearCaches(caches);
      },
    };
  } catch (error) {
    await handle.destroy();
    throw error;
  }
}

/** Reads a setting, creating it once if absent; several processes starting together agree on one value. */
export async function loadOrCreateSetting(db: Kysely<Database>, key: string, make: () => string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value: make() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}
