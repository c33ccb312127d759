import { precompile, type Slots } from '../db/connect.ts';
import type { Award, Db, NewAward } from '../db/database.ts';

/** The award with this id. */
export function findAward(db: Db, id: string): Promise<Award | undefined> {
  return db.selectFrom('awards').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The award whose claim link hashes to this value (claimed or not: the page explains which). */
export function findAwardByClaimHash(db: Db, hash: string): Promise<Award | undefined> {
  return db.selectFrom('awards').selectAll().where('claim_token_hash', '=', hash).executeTakeFirst();
}

/** The award whose employee link hashes to this value. */
export function findAwardByManageHash(db: Db, hash: string): Promise<Award | undefined> {
  return db.selectFrom('awards').selectAll().where('manage_token_hash', '=', hash).executeTakeFirst();
}

// Precompiled: every badge page, image and hosted assertion starts with it.
const awardDetails = precompile({ id: true }, (db, slots: Slots<{ id: string }>) =>
  db
    .selectFrom('awards')
    .innerJoin('nominations', 'nominations.id', 'awards.nomination_id')
    .leftJoin('workplaces', 'workplaces.id', 'awards.workplace_id')
    .innerJoin('categories', 'categories.slug', 'awards.category_slug')
    .selectAll('awards')
    .select([
      'nominations.story',
      'nominations.public_story_consent',
      'nominations.moment_place',
      'nominations.nominator_name',
      'workplaces.name as workplace_name',
      'categories.name_fr',
      'categories.name_en',
      'categories.description_fr',
      'categories.description_en',
      'categories.criteria_fr',
      'categories.criteria_en',
      'categories.color',
    ])
    .where('awards.id', '=', slots.id),
);

/** An award with what its pages need: the nomination's story and consent, the workplace's name. */
export async function findAwardDetails(db: Db, id: string) {
  return (await awardDetails(db, { id }))[0];
}

export type AwardDetails = NonNullable<Awaited<ReturnType<typeof findAwardDetails>>>;

// What the hosted assertion is made of, and nothing more (the signed 3.0 credential on the award's
// row is kilobytes long): precompiled, since every verifier asks for it.
const assertionSource = precompile({ id: true }, (db, slots: Slots<{ id: string }>) =>
  db
    .selectFrom('awards')
    .innerJoin('nominations', 'nominations.id', 'awards.nomination_id')
    .leftJoin('workplaces', 'workplaces.id', 'awards.workplace_id')
    .select([
      'awards.id',
      'awards.revision',
      'awards.status',
      'awards.lang',
      'awards.category_slug',
      'awards.issued_on',
      'awards.revocation_reason',
      'awards.recipient_identity',
      'awards.recipient_salt',
      'awards.staff_first_name',
      'awards.moment_date',
      'awards.show_story',
      'nominations.story',
      'nominations.public_story_consent',
      'nominations.moment_place',
      'workplaces.name as workplace_name',
    ])
    .where('awards.id', '=', slots.id),
);

/** What the hosted 2.0 assertion of an award is made of. */
export async function findAssertionSource(db: Db, id: string) {
  return (await assertionSource(db, { id }))[0];
}

export type AssertionSource = NonNullable<Awaited<ReturnType<typeof findAssertionSource>>>;

/**
 * What claiming writes on the award's row: the recipient's hashed email and salt, the employee's choices, and the
 * signed 3.0 credential (in the same statement, so a claimed award always has the credential made for that claim).
 */
export type ClaimedAwardValues = Pick<
  Award,
  | 'issued_on'
  | 'recipient_identity'
  | 'recipient_salt'
  | 'recipient_key'
  | 'public_page'
  | 'show_story'
  | 'lang'
  | 'manage_token_hash'
  | 'ob3_credential'
  | 'updated_at'
>;

/** Marks an approved award claimed through this claim link; false when it was no longer waiting for that link. */
export async function markAwardClaimed(db: Db, awardId: string, claimTokenHash: string, values: ClaimedAwardValues): Promise<boolean> {
  const claimed = await db
    .updateTable('awards')
    // The claim link's hash stays, so using the link again says "already claimed" rather than "unknown".
    .set({ ...values, status: 'claimed' })
    .where('id', '=', awardId)
    .where('status', '=', 'approved')
    .where('claim_token_hash', '=', claimTokenHash)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/**
 * Withdraws an award's row from the status it was read in, revoked or erased. False when the award had
 * meanwhile changed status.
 */
export async function markAwardWithdrawn(
  db: Db,
  award: Pick<Award, 'id' | 'status'>,
  to: 'revoked' | 'erased',
  reason: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('awards')
    .set({
      status: to,
      revoked_at: at,
      revocation_reason: reason,
      updated_at: at,
      // Erasure removes what ties the badge to the person; a reviewer's revocation keeps the record.
      ...(to === 'erased'
        ? {
            recipient_identity: null,
            recipient_salt: null,
            recipient_key: null,
            ob3_credential: null,
            public_page: 0,
            show_story: 0,
            manage_token_hash: null,
            claim_token_hash: null,
          }
        : {}),
    })
    .where('id', '=', award.id)
    .where('status', '=', award.status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The award made for a nomination, if it was approved. */
export function findAwardOfNomination(db: Db, nominationId: string): Promise<Award | undefined> {
  return db.selectFrom('awards').selectAll().where('nomination_id', '=', nominationId).executeTakeFirst();
}

/** Stores the award an approval makes. */
export async function insertAward(db: Db, award: NewAward): Promise<void> {
  await db.insertInto('awards').values(award).execute();
}

/** Gives an award not claimed yet a new claim link; false if it was claimed (or withdrawn) meanwhile. */
export async function replaceClaimLink(
  db: Db,
  awardId: string,
  link: { tokenHash: string; expiresAt: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('awards')
    .set({ claim_token_hash: link.tokenHash, claim_expires_at: link.expiresAt, updated_at: link.at })
    .where('id', '=', awardId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
