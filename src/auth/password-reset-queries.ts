import type { Db, PasswordReset } from '../db/database.ts';

/** Stores a new reset link (its token's hash only). */
export async function insertPasswordReset(db: Db, reset: PasswordReset): Promise<void> {
  await db.insertInto('password_resets').values(reset).execute();
}

/** The reset link with this token hash, with its account's email. */
export function findPasswordReset(db: Db, tokenHash: string): Promise<(PasswordReset & { email: string }) | undefined> {
  return db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .selectAll('password_resets')
    .select('users.email')
    .where('password_resets.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Uses a reset link up, once and only while it lives: false when it was used or has expired meanwhile. */
export async function usePasswordReset(db: Db, id: string, at: string): Promise<boolean> {
  const used = await db
    .updateTable('password_resets')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) > 0;
}

/** Ends every reset link of a user still open (a new password makes them pointless). */
export async function endPasswordResets(db: Db, userId: string, at: string): Promise<void> {
  await db.updateTable('password_resets').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
