import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SigningKeysTable } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';

/** A key as the DID document lists it: no secret. */
export type PublicSigningKey = {
  id: string;
  publicKeyMultibase: string;
  createdAt: string;
  retiredAt: string | null;
};

/** A key able to sign. The secret lives in the database so that every process signs with the same key. */
export type SigningKey = PublicSigningKey & { secretKeyMultibase: string };

function toSigningKey(row: Selectable<SigningKeysTable>): SigningKey {
  return {
    id: row.id,
    publicKeyMultibase: row.public_key_multibase,
    secretKeyMultibase: row.secret_key_multibase,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}

async function newKeyRow(now: Date): Promise<Selectable<SigningKeysTable>> {
  const pair = await Ed25519Multikey.generate();
  if (!pair.secretKeyMultibase) throw new Error('the Ed25519 key generator returned no secret key');
  return {
    id: `key-${newId(now.getTime())}`,
    public_key_multibase: pair.publicKeyMultibase,
    secret_key_multibase: pair.secretKeyMultibase,
    created_at: now.toISOString(),
    retired_at: null,
  };
}

async function findCurrent(db: Kysely<Database>): Promise<SigningKey | undefined> {
  const row = await db.selectFrom('signing_keys').selectAll().where('retired_at', 'is', null).executeTakeFirst();
  return row ? toSigningKey(row) : undefined;
}

/**
 * Returns the current signing key, creating the first one if there is none. Two processes starting together
 * agree on one key: the database admits a single current key and the loser's insert does nothing.
 */
export async function ensureSigningKey(db: Kysely<Database>, now: Date): Promise<SigningKey> {
  const existing = await findCurrent(db);
  if (existing) return existing;
  await db
    .insertInto('signing_keys')
    .values(await newKeyRow(now))
    .onConflict((oc) => oc.doNothing())
    .execute();
  return currentSigningKey(db);
}

/**
 * Makes a new key current and retires the old one, which stays listed (and in the DID document) so that every
 * credential it signed still verifies.
 */
export async function rotateSigningKey(db: Kysely<Database>, now: Date): Promise<SigningKey> {
  const row = await newKeyRow(now);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('signing_keys').set({ retired_at: row.created_at }).where('retired_at', 'is', null).execute();
    await trx.insertInto('signing_keys').values(row).execute();
  });
  return toSigningKey(row);
}

/** Every key ever used, oldest first, without their secrets: what the DID document lists. */
export async function listSigningKeys(db: Kysely<Database>): Promise<PublicSigningKey[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .select(['id', 'public_key_multibase', 'created_at', 'retired_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    publicKeyMultibase: row.public_key_multibase,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  }));
}

/** The key that signs now; throws if none exists (ensureSigningKey runs at start-up). */
export async function currentSigningKey(db: Kysely<Database>): Promise<SigningKey> {
  const key = await findCurrent(db);
  if (!key) throw new Error('no current signing key: ensureSigningKey must run when the app starts');
  return key;
}
