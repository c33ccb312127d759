import type { Updateable } from 'kysely';
import type { CategoriesTable, Category, Db } from '../db/database.ts';

/** Categories still offered on the nomination form, in display order. */
export function listActiveCategories(db: Db): Promise<Category[]> {
  return db.selectFrom('categories').selectAll().where('retired_at', 'is', null).orderBy('position').execute();
}

/** The category with this slug, retired or not. */
export function findCategory(db: Db, slug: string): Promise<Category | undefined> {
  return db.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Every category, retired ones too, in display order. */
export function listCategories(db: Db): Promise<Category[]> {
  return db.selectFrom('categories').selectAll().orderBy('position').execute();
}

/** The highest display position in use, 0 when there is no category. */
export async function lastCategoryPosition(db: Db): Promise<number> {
  const last = await db
    .selectFrom('categories')
    .select((eb) => eb.fn.max('position').as('position'))
    .executeTakeFirst();
  return Number(last?.position ?? 0);
}

/** Stores a new category. */
export async function insertCategory(db: Db, category: Category): Promise<void> {
  await db.insertInto('categories').values(category).execute();
}

/** Changes a category's columns. */
export async function updateCategoryRow(db: Db, slug: string, set: Updateable<CategoriesTable>): Promise<void> {
  await db.updateTable('categories').set(set).where('slug', '=', slug).execute();
}
