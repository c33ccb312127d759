import type { Kysely } from 'kysely';
import type { Database, NewWorkplace, Workplace } from '../db/database.ts';

/** The workplace with this slug, if any. */
export function findWorkplaceBySlug(db: Kysely<Database>, slug: string): Promise<Workplace | undefined> {
  return db.selectFrom('workplaces').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Every workplace, by name. */
export function listWorkplaces(db: Kysely<Database>): Promise<Workplace[]> {
  return db.selectFrom('workplaces').selectAll().orderBy('name').execute();
}

/** Stores a new workplace. */
export async function insertWorkplace(db: Kysely<Database>, workplace: NewWorkplace): Promise<void> {
  await db.insertInto('workplaces').values(workplace).execute();
}

/** The workplace with this id, if any. */
export function findWorkplaceById(db: Kysely<Database>, id: string): Promise<Workplace | undefined> {
  return db.selectFrom('workplaces').selectAll().where('id', '=', id).executeTakeFirst();
}
