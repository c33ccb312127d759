import { CompiledQuery, type Kysely, PostgresAdapter, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError } from '../lib/errors.ts';

/** A nomination's writes, run in a transaction; it may throw an AppError to refuse (nothing it wrote is kept). */
export type NominationWork<T> = (trx: Transaction<Database>) => Promise<T>;

/** Runs a nomination's writes in a transaction and resolves once they are committed. */
export type NominationWriter = {
  <T>(work: NominationWork<T>): Promise<T>;
  /** Waits for the writes already queued; any asked for afterwards is refused. */
  stop: () => Promise<void>;
};

// A commit costs more than a nomination's inserts, so nominations arriving together are written in one
// transaction (a group commit): the WAL written and flushed once, a rate-limit counter's lock taken once.
// MAX_BATCH bounds how long a batch holds its connection, while other requests' reads wait on SQLite.
const MAX_BATCH = 64;

// Each nomination's savepoint is released once it is done, since leaving it open (nesting the next inside it)
// slows SQLite down. On PostgreSQL releasing one and taking the next go in one round trip (two statements in one
// simple query, which SQLite's driver does not take), and the last one is left to the commit.
const SAVEPOINT = CompiledQuery.raw('savepoint nomination');
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to nomination');
const RELEASE_SAVEPOINT = CompiledQuery.raw('release nomination');
const NEXT_SAVEPOINT = CompiledQuery.raw('release nomination; savepoint nomination');

type Job = { work: NominationWork<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * The writer for a database. The nominations that reach it in the same turn of the event loop, or
 * while a batch is being written, are written together in one transaction, each inside a savepoint:
 * a single nomination waits only for the end of the turn, a busy instance commits far less often.
 * Each still answers only once its own writes are committed. A process writes one batch at a time
 * (SQLite has one writer anyway). On PostgreSQL the batches of two processes may lock counters in
 * opposite orders; the database then aborts one (a deadlock), and its nominations are written
 * again one by one, as after any other fault.
 */
export function createNominationWriter(db: Kysely<Database>): NominationWriter {
  const queue: Job[] = [];
  let writing = false;
  let stopped = false;
  // The drain in progress, if any: stop() waits for it.
  let draining: Promise<void> = Promise.resolve();
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  /** One job in a transaction of its own, as without batching. */
  const writeAlone = (job: Job) => db.transaction().execute(job.work).then(job.resolve, job.reject);

  async function writeBatch(): Promise<void> {
    let batch: Job[] = [];
    const outcomes: Outcome[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        // Taken once the transaction holds the connection, so the jobs queued while it waited join.
        batch = queue.splice(0, MAX_BATCH);
        if (batch.length === 1) {
          outcomes.push({ ok: true, value: await batch[0]!.work(trx) });
          return;
        }
        for (const [i, job] of batch.entries()) {
          // A refusal (an AppError, such as 429) undoes only its own nomination's writes.
          if (i === 0) await trx.executeQuery(SAVEPOINT);
          else if (postgres) await trx.executeQuery(NEXT_SAVEPOINT);
          else {
            await trx.executeQuery(RELEASE_SAVEPOINT);
            await trx.executeQuery(SAVEPOINT);
          }
          try {
            outcomes.push({ ok: true, value: await job.work(trx) });
          } catch (error) {
            await trx.executeQuery(ROLLBACK_TO_SAVEPOINT);
            if (!(error instanceof AppError)) throw error;
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      if (batch.length === 0) {
        // The transaction never began (the database is unreachable): the jobs it would have taken
        // are answered with that fault, rather than tried again and again.
        for (const job of queue.splice(0, MAX_BATCH)) job.reject(error);
        return;
      }
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // A fault (a constraint, a busy or full database) undid the whole batch: each job is written
      // again alone, so a fault answers only the nomination that caused it, as without batching.
      for (const job of batch) await writeAlone(job);
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) await writeBatch();
    } finally {
      writing = false;
    }
  }

  const write = <T>(work: NominationWork<T>) =>
    new Promise<T>((resolve, reject) => {
      if (stopped) {
        reject(new Error('the nomination writer is stopped'));
        return;
      }
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // Requests that arrived in the same turn of the event loop reach this point one after another
      // without yielding; waiting for the turn's end (setImmediate) lets them share the commit.
      if (!writing) {
        writing = true;
        draining = new Promise((done) => setImmediate(() => drain().then(done, done)));
      }
    });
  return Object.assign(write, {
    async stop() {
      stopped = true;
      await draining;
    },
  });
}
