import type { Kysely, Transaction } from 'kysely';
import { precompile, type Slots } from '../db/connect.ts';
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

// Both are read for every nomination (whom to tell): compiled once.
const workplaceReviewers = precompile({ workplace_id: true }, (db, slots: Slots<{ workplace_id: string }>) =>
  db
    .selectFrom('workplace_managers')
    .innerJoin('users', 'users.id', 'workplace_managers.user_id')
    .select(['users.email', 'users.lang'])
    .where('workplace_managers.workplace_id', '=', slots.workplace_id)
    .where('users.password_hash', 'is not', null),
);
const admins = precompile({}, (db) => db.selectFrom('users').select(['email', 'lang']).where('role', '=', 'admin').where('password_hash', 'is not', null));

/** Emails and languages of the people who review a workplace's nominations. */
export function reviewersOfWorkplace(db: Db, workplaceId: string): Promise<{ email: string; lang: string }[]> {
  return workplaceReviewers(db, { workplace_id: workplaceId });
}

/** Emails and languages of the issuer admins. */
export function listAdmins(db: Db): Promise<{ email: string; lang: string }[]> {
  return admins(db, {});
}
