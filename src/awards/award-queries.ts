import { precompile, type Slots } from '../db/connect.ts';
import type { Award, Db } from '../db/database.ts';

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
