import { randomInt } from 'node:crypto';
import { createList, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Credential } from './credential.ts';
import { VC_V2_CONTEXT } from './document-loader.ts';

/** Entries per list: the Bitstring Status List specification's minimum, so that one bit hides among many. */
export const STATUS_LIST_LENGTH = 131_072;

// A new list opens once this share of the current one is taken, so a random free index is found in a few tries
// (at most four on average at 3/4 full).
const FILL_LIMIT = 0.75;
const MAX_ATTEMPTS = 64;

/** A new list of `length` clear bits, encoded as the specification asks: GZIP, base64url, multibase prefix 'u'. */
export async function createStatusList(length: number = STATUS_LIST_LENGTH): Promise<string> {
  return (await createList({ length })).encode();
}

/** The encoded list with one bit set (revoked) or cleared. */
export async function setRevoked(encodedList: string, index: number, revoked: boolean): Promise<string> {
  const list = await decodeList({ encodedList });
  if (!Number.isInteger(index) || index < 0 || index >= list.length) throw new RangeError(`status index ${index} is outside the list`);
  list.setStatus(index, revoked);
  return list.encode();
}

/** Whether the bit at `index` is set. */
export async function isRevoked(encodedList: string, index: number): Promise<boolean> {
  const list = await decodeList({ encodedList });
  if (!Number.isInteger(index) || index < 0 || index >= list.length) throw new RangeError(`status index ${index} is outside the list`);
  return list.getStatus(index);
}

/** The unsigned BitstringStatusListCredential (revocation) for a list served at `id`. */
export function buildStatusListCredential(input: { id: string; issuer: string; encodedList: string; validFrom: string }): Credential {
  return {
    '@context': [VC_V2_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom,
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: input.encodedList,
    },
  };
}

/** What keeping status lists needs from the issuer: its DID, where lists are served, and a signer. */
export type StatusListIssuer = {
  /** The issuer's DID, the status list credentials' issuer. */
  issuer: string;
  /** The URL list `id` is served at: PUBLIC_URL/ob3/status/<id>. */
  listUrl: (listId: number) => string;
  /** Signs a status list credential with the current key (signCredential with it and the loader). */
  sign: (credential: Credential) => Promise<Credential>;
};

/** Where a credential's bit lives. */
export type StatusEntry = { listId: number; index: number; listUrl: string };

async function findEntry(db: Kysely<Database>, credentialId: string): Promise<StatusEntry | null> {
  const row = await db
    .selectFrom('status_list_entries')
    .innerJoin('status_lists', 'status_lists.id', 'status_list_entries.list_id')
    .select(['status_list_entries.list_id', 'status_list_entries.status_index', 'status_lists.url'])
    .where('status_list_entries.credential_id', '=', credentialId)
    .executeTakeFirst();
  return row ? { listId: row.list_id, index: row.status_index, listUrl: row.url } : null;
}

/** A list entries are drawn from. */
type OpenList = { id: number; url: string; length: number };

/** The list new entries go to: the newest one, or a new one when it is full enough (two processes agree on its number). */
async function openList(db: Kysely<Database>, issuer: StatusListIssuer, now: Date): Promise<OpenList> {
  const newest = await db
    .selectFrom('status_lists')
    .select(['id', 'url', 'length', 'assigned_count'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (newest && newest.assigned_count < Math.floor(newest.length * FILL_LIMIT)) return newest;
  const id = (newest?.id ?? 0) + 1;
  const url = issuer.listUrl(id);
  const at = now.toISOString();
  const encodedList = await createStatusList();
  const credential = await issuer.sign(buildStatusListCredential({ id: url, issuer: issuer.issuer, encodedList, validFrom: at }));
  await db
    .insertInto('status_lists')
    .values({
      id,
      url,
      status_purpose: 'revocation',
      length: STATUS_LIST_LENGTH,
      encoded_list: encodedList,
      assigned_count: 0,
      credential: JSON.stringify(credential),
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return db.selectFrom('status_lists').select(['id', 'url', 'length', 'assigned_count']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Takes a random index of `list` for the credential: its entry, or null when the index or the credential had one. */
async function takeIndex(db: Kysely<Database>, list: OpenList, credentialId: string, now: Date): Promise<StatusEntry | null> {
  const index = randomInt(0, list.length);
  const inserted = await db
    .insertInto('status_list_entries')
    .values({ list_id: list.id, status_index: index, credential_id: credentialId, created_at: now.toISOString() })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
  await db
    .updateTable('status_lists')
    .set((eb) => ({ assigned_count: eb('assigned_count', '+', 1) }))
    .where('id', '=', list.id)
    .execute();
  return { listId: list.id, index, listUrl: list.url };
}

/**
 * Gives a credential a revocation bit at a random free index (in order, indexes would tell how many badges were
 * issued around it), with nothing signed while a write transaction is open: the list to draw from is opened first (a
 * new list's credential is signed then, and written by one statement), and the index is taken in a short
 * transaction of its own. Safe on both engines with several processes: the table's primary key refuses an index
 * taken twice and the loser draws again. Asking again for the same credential returns its entry.
 */
export async function reserveStatusIndex(
  db: Kysely<Database>,
  issuer: StatusListIssuer,
  credentialId: string,
  now: Date,
): Promise<StatusEntry> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const list = await openList(db, issuer, now);
    // The credential's unique entry makes a second reservation's insert do nothing; it then finds the first one.
    const entry = await db
      .transaction()
      .execute(async (trx) => (await takeIndex(trx, list, credentialId, now)) ?? (await findEntry(trx, credentialId)));
    if (entry) return entry;
  }
  throw new Error(`no free status index found in ${MAX_ATTEMPTS} attempts`);
}

/**
 * Sets (revoked) or clears a credential's bit, in the caller's transaction, so that the award's row and its bit
 * never disagree; the list's signed credential is brought up to date afterwards, outside any transaction, by
 * signedStatusList. Returns null for a credential with no entry. The bits are written only if they have not
 * changed since they were read, and read again otherwise, so two revocations at once on the same list both land.
 */
export async function setStatusRevoked(
  db: Kysely<Database>,
  credentialId: string,
  revoked: boolean,
  now: Date,
): Promise<StatusEntry | null> {
  const entry = await findEntry(db, credentialId);
  if (!entry) return null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const list = await db.selectFrom('status_lists').select('encoded_list').where('id', '=', entry.listId).executeTakeFirstOrThrow();
    if ((await isRevoked(list.encoded_list, entry.index)) === revoked) return entry;
    const updated = await db
      .updateTable('status_lists')
      .set({ encoded_list: await setRevoked(list.encoded_list, entry.index, revoked), updated_at: now.toISOString() })
      .where('id', '=', entry.listId)
      .where('encoded_list', '=', list.encoded_list)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) return entry;
  }
  throw new Error(`status list ${entry.listId} kept changing; the revocation was not written`);
}

/**
 * The signed status list credential of list `id` or at `url`, or null. When its bits changed since it was signed (a
 * revocation just committed, or one whose process stopped before re-signing), it is signed again first and stored
 * if the bits are still those it signed; two processes doing so at once each answer a sound signature. The issuer
 * is asked for only then, so serving an up-to-date list reads no keys.
 */
export async function signedStatusList(
  db: Kysely<Database>,
  issuerOf: () => Promise<StatusListIssuer>,
  list: { id: number } | { url: string },
  now: Date,
): Promise<Credential | null> {
  const row = await db
    .selectFrom('status_lists')
    .select(['id', 'url', 'encoded_list', 'credential'])
    .$call((query) => ('id' in list ? query.where('id', '=', list.id) : query.where('url', '=', list.url)))
    .executeTakeFirst();
  if (!row) return null;
  const stored = JSON.parse(row.credential) as Credential;
  if ((stored.credentialSubject as { encodedList?: unknown } | undefined)?.encodedList === row.encoded_list) return stored;
  const at = now.toISOString();
  const issuer = await issuerOf();
  const credential = await issuer.sign(
    buildStatusListCredential({ id: row.url, issuer: issuer.issuer, encodedList: row.encoded_list, validFrom: at }),
  );
  await db
    .updateTable('status_lists')
    .set({ credential: JSON.stringify(credential) })
    .where('id', '=', row.id)
    .where('encoded_list', '=', row.encoded_list)
    .execute();
  return credential;
}
