import type { Db, NewWorkplace, Workplace, WorkplaceUpdate } from '../db/database.ts';

/** The workplace with this slug, if any. */
export function findWorkplaceBySlug(db: Db, slug: string): Promise<Workplace | undefined> {
  return db.selectFrom('workplaces').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Every workplace, by name. */
export function listWorkplaces(db: Db): Promise<Workplace[]> {
  return db.selectFrom('workplaces').selectAll().orderBy('name').execute();
}

/** Stores a new workplace. */
export async function insertWorkplace(db: Db, workplace: NewWorkplace): Promise<void> {
  await db.insertInto('workplaces').values(workplace).execute();
}

/** The workplace with this id, if any. */
export function findWorkplaceById(db: Db, id: string): Promise<Workplace | undefined> {
  return db.selectFrom('workplaces').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The workplaces with these ids, by name. */
export function listWorkplacesByIds(db: Db, ids: readonly string[]): Promise<Workplace[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('workplaces').selectAll().where('id', 'in', ids).orderBy('name').execute();
}

/** Changes a workplace's columns. */
export async function updateWorkplaceRow(db: Db, id: string, set: WorkplaceUpdate): Promise<void> {
  await db.updateTable('workplaces').set(set).where('id', '=', id).execute();
}

/** The accounts that manage a workplace, by email, with their ids and when they began. */
export function listWorkplaceManagers(db: Db, workplaceId: string) {
  return db
    .selectFrom('workplace_managers')
    .innerJoin('users', 'users.id', 'workplace_managers.user_id')
    .select(['users.id', 'users.email', 'workplace_managers.created_at'])
    .where('workplace_managers.workplace_id', '=', workplaceId)
    .orderBy('users.email')
    .execute();
}

/** The invites to manage a workplace still open at `now`, by email, with when they were made and end. */
export function listOpenManagerInvites(db: Db, workplaceId: string, now: string) {
  return db
    .selectFrom('invites')
    .select(['email', 'created_at', 'expires_at'])
    .where('workplace_id', '=', workplaceId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('email')
    .execute();
}
