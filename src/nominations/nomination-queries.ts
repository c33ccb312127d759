import { timingSafeEqual } from 'node:crypto';
import type { Expression } from 'kysely';
import { precompile } from '../db/connect.ts';
import type { Db, Nomination, NominationEvent } from '../db/database.ts';
import { newToken, sha256Hex } from '../lib/ids.ts';
import type { NominationStatus } from './nomination-lifecycle.ts';

// Every nomination stores a row and its event and looks up what it names: these queries are
// compiled once (precompile in connect.ts), not at every call.

const storeNomination = precompile<Nomination, unknown>(
  {
    id: true,
    workplace_id: true,
    workplace_name: true,
    workplace_city: true,
    staff_first_name: true,
    staff_role: true,
    moment_date: true,
    moment_place: true,
    category_slug: true,
    story: true,
    nominator_name: true,
    nominator_email: true,
    public_story_consent: true,
    lang: true,
    status: true,
    withdraw_token_hash: true,
    created_at: true,
    updated_at: true,
  },
  (db, slots) => db.insertInto('nominations').values(slots),
);

/** Stores a nomination row (every column given). */
export async function insertNomination(db: Db, nomination: Nomination): Promise<void> {
  await storeNomination(db, nomination);
}

const storeEvent = precompile<NominationEvent, unknown>(
  { id: true, nomination_id: true, type: true, actor: true, reason: true, data: true, created_at: true },
  (db, slots) => db.insertInto('nomination_events').values(slots),
);

/** Appends an event to a nomination's log (never updated, never deleted). */
export async function appendEvent(db: Db, event: NominationEvent): Promise<void> {
  await storeEvent(db, event);
}

/**
 * Sets a nomination's status only if it is still in one of `from` (the lifecycle's compare-and-set);
 * returns whether it changed.
 */
export async function setNominationStatus(
  db: Db,
  id: string,
  from: readonly NominationStatus[],
  to: NominationStatus,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('nominations')
    .set({ status: to, updated_at: at })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a nomination made for a business not on the platform its workplace; false if it has one already. */
export async function attachNominationToWorkplace(db: Db, id: string, workplaceId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('nominations')
    .set({ workplace_id: workplaceId, updated_at: at })
    .where('id', '=', id)
    .where('workplace_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The nomination with this id. */
export function findNomination(db: Db, id: string): Promise<Nomination | undefined> {
  return db.selectFrom('nominations').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A new nomination's private withdraw link token: its id, then a secret. The nomination is found by
 * its id and the secret checked against the hash stored with it (only the hash is stored).
 */
export function newWithdrawToken(nominationId: string): string {
  return `${nominationId}.${newToken()}`;
}

/**
 * The nomination a private withdraw link opens, or undefined for an unknown, altered or made-up
 * one. Each read goes through a primary key: a token without an id is a link sent before migration
 * 011, looked up among those.
 */
export async function findNominationByWithdrawToken(db: Db, token: string): Promise<Nomination | undefined> {
  const hash = sha256Hex(token);
  const dot = token.indexOf('.');
  const id =
    dot > 0
      ? token.slice(0, dot)
      : (await db.selectFrom('withdraw_links_before_011').select('nomination_id').where('token_hash', '=', hash).executeTakeFirst())
          ?.nomination_id;
  if (id === undefined) return undefined;
  const nomination = await findNomination(db, id);
  const stored = nomination?.withdraw_token_hash;
  return stored?.length === hash.length && timingSafeEqual(Buffer.from(stored), Buffer.from(hash)) ? nomination : undefined;
}

// Without a slug (a business not on Élan) `slug = null` matches nothing, on both dialects.
const lookUpTargets = precompile<
  { workplace_slug: string | null; category_slug: string },
  { workplace_id: string | null; active_category: string | null }
>({ workplace_slug: true, category_slug: true }, (db, slots) =>
  db.selectNoFrom((eb) => [
    eb
      .selectFrom('workplaces')
      .select('id')
      .where('slug', '=', slots.workplace_slug as Expression<string>)
      .as('workplace_id'),
    eb
      .selectFrom('categories')
      .select('slug')
      .where('slug', '=', slots.category_slug)
      .where('retired_at', 'is', null)
      .as('active_category'),
  ]),
);

/** What a nomination names, looked up in one round: its workplace's id (if a slug was given and exists) and whether its category is active. */
export async function findNominationTargets(
  db: Db,
  workplaceSlug: string | null,
  categorySlug: string,
): Promise<{ workplaceId: string | null; categoryActive: boolean }> {
  const [row] = await lookUpTargets(db, { workplace_slug: workplaceSlug, category_slug: categorySlug });
  return { workplaceId: row?.workplace_id ?? null, categoryActive: (row?.active_category ?? null) !== null };
}
