import type { Kysely, Transaction } from 'kysely';
import type { Category, Database } from '../db/database.ts';

/** Categories still offered on the nomination form, in display order. */
export function listActiveCategories(db: Kysely<Database> | Transaction<Database>): Promise<Category[]> {
  return db.selectFrom('categories').selectAll().where('retired_at', 'is', null).orderBy('position').execute();
}

/** The category with this slug, retired or not. */
export function findCategory(db: Kysely<Database> | Transaction<Database>, slug: string): Promise<Category | undefined> {
  return db.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst();
}
