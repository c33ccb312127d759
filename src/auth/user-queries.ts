import type { Expression } from 'kysely';
import { precompile, type Slots } from '../db/connect.ts';
import type { Db, User } from '../db/database.ts';

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

// Read for every nomination (whom to tell), so compiled once, and one query rather than two round
// trips: the workplace's reviewers and, only when it has none, the admins.
const reviewersOrAdmins = precompile({ workplace_id: true }, (db, slots: Slots<{ workplace_id: string | null }>) => {
  const reviewers = (from: typeof db) =>
    from
      .selectFrom('workplace_managers')
      .innerJoin('users', 'users.id', 'workplace_managers.user_id')
      .where('workplace_managers.workplace_id', '=', slots.workplace_id as Expression<string>)
      .where('users.password_hash', 'is not', null);
  return reviewers(db)
    .select(['users.email', 'users.lang'])
    .unionAll(
      db
        .selectFrom('users')
        .select(['email', 'lang'])
        .where('role', '=', 'admin')
        .where('password_hash', 'is not', null)
        .where((eb) => eb.not(eb.exists(reviewers(db).select('users.id')))),
    );
});

/**
 * Emails and languages of the people told of a new nomination: the reviewers of its workplace, or
 * the issuer admins when the workplace has none or the nomination names a business not on Élan.
 */
export function whoReviews(db: Db, workplaceId: string | null): Promise<{ email: string; lang: string }[]> {
  return reviewersOrAdmins(db, { workplace_id: workplaceId });
}
