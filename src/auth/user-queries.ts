import type { Kysely, Transaction } from 'kysely';
import type { Database, User } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The account with this email (emails are stored in lower case). */
export function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

/** The account with this id. */
export function findUserById(db: Db, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether any issuer admin exists. */
export async function adminExists(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Ids of the workplaces a user manages. */
export async function managedWorkplaceIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('workplace_managers').select('workplace_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.workplace_id);
}

/** Emails and languages of the people who review a workplace's nominations. */
export function reviewersOfWorkplace(db: Db, workplaceId: string): Promise<{ email: string; lang: string }[]> {
  return db
    .selectFrom('workplace_managers')
    .innerJoin('users', 'users.id', 'workplace_managers.user_id')
    .select(['users.email', 'users.lang'])
    .where('workplace_managers.workplace_id', '=', workplaceId)
    .where('users.password_hash', 'is not', null)
    .execute();
}

/** Emails and languages of the issuer admins. */
export function listAdmins(db: Db): Promise<{ email: string; lang: string }[]> {
  return db.selectFrom('users').select(['email', 'lang']).where('role', '=', 'admin').where('password_hash', 'is not', null).execute();
}
