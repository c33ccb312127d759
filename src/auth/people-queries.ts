import type { Db } from '../db/database.ts';

/** Every account, by email, without its password hash. */
export function listUsers(db: Db) {
  return db.selectFrom('users').select(['id', 'email', 'role', 'created_at', 'disabled_at']).orderBy('email').execute();
}

/** The workplaces each account manages, by name. */
export function listManagedWorkplaces(db: Db) {
  return db
    .selectFrom('workplace_managers')
    .innerJoin('workplaces', 'workplaces.id', 'workplace_managers.workplace_id')
    .select(['workplace_managers.user_id', 'workplaces.slug', 'workplaces.name'])
    .orderBy('workplaces.name')
    .execute();
}

/** Every session still open at `now`, newest first, without its token's hash. */
export function listOpenSessions(db: Db, now: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'created_at', 'last_seen_at', 'expires_at'])
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Every API token neither revoked nor expired at `now`, newest first, without its hash. */
export function listWorkingApiTokens(db: Db, now: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'name', 'created_at', 'last_used_at', 'expires_at'])
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Disables an account, unless it is the last enabled admin: one statement, so two admins disabling each
 * other at once cannot both succeed on SQLite. False when nothing changed (already disabled, or the last admin).
 */
export async function disableUser(db: Db, userId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ disabled_at: at, updated_at: at })
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('role', '!=', 'admin'),
        eb.exists(
          eb
            .selectFrom('users as other')
            .select('other.id')
            .where('other.role', '=', 'admin')
            .where('other.disabled_at', 'is', null)
            .where('other.id', '!=', userId),
        ),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Enables a disabled account. */
export async function enableUser(db: Db, userId: string, at: string): Promise<void> {
  await db.updateTable('users').set({ disabled_at: null, updated_at: at }).where('id', '=', userId).execute();
}

/** Ends one session of an account; false when it had no such session. */
export async function deleteUserSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Revokes every API token of an account still live. */
export async function revokeUserApiTokens(db: Db, userId: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** Withdraws the invitations of an address to a workplace not used yet. */
export async function deleteOpenInvites(db: Db, workplaceId: string, email: string): Promise<void> {
  await db.deleteFrom('invites').where('workplace_id', '=', workplaceId).where('email', '=', email).where('used_at', 'is', null).execute();
}

/** Takes a workplace from its manager; false when they did not manage it. */
export async function deleteWorkplaceManager(db: Db, workplaceId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('workplace_managers')
    .where('workplace_id', '=', workplaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
