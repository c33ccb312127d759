import type { Kysely, Transaction } from 'kysely';
import type { Database, NewNomination, NewNominationEvent, Nomination } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores a nomination row. */
export async function insertNomination(db: Db, nomination: NewNomination): Promise<void> {
  await db.insertInto('nominations').values(nomination).execute();
}

/** Appends an event to a nomination's log (never updated, never deleted). */
export async function appendEvent(db: Db, event: NewNominationEvent): Promise<void> {
  await db.insertInto('nomination_events').values(event).execute();
}

/** The nomination with this id. */
export function findNomination(db: Db, id: string): Promise<Nomination | undefined> {
  return db.selectFrom('nominations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The nomination whose withdraw token hashes to this value. */
export function findNominationByWithdrawHash(db: Db, hash: string): Promise<Nomination | undefined> {
  return db.selectFrom('nominations').selectAll().where('withdraw_token_hash', '=', hash).executeTakeFirst();
}
