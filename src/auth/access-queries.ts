import type { Insertable } from 'kysely';
import type { ApiTokensTable, Db, Invite, InvitesTable, SessionsTable, User, UsersTable } from '../db/database.ts';

/** Stores a new session (its token's hash only). */
export async function insertSession(db: Db, session: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** Deletes the session with this token hash. */
export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user but the one with `keepTokenHash` (null: all of them). */
export async function deleteUserSessions(db: Db, userId: string, keepTokenHash: string | null): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(keepTokenHash !== null, (q) => q.where('token_hash', '!=', keepTokenHash!))
    .execute();
}

/** The user behind a session token hash, with the session's id, end and when it was last seen. */
export function findSessionUser(
  db: Db,
  tokenHash: string,
): Promise<{ id: string; session_id: string; expires_at: string; last_seen_at: string } | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'sessions.id as session_id', 'sessions.expires_at', 'sessions.last_seen_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Records when a session was last used. */
export async function touchSession(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** The API token with this hash if it is not revoked (it may have expired: the caller says so). */
export function findLiveApiToken(
  db: Db,
  tokenHash: string,
): Promise<{ id: string; user_id: string; expires_at: string; last_used_at: string | null } | undefined> {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'expires_at', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Records when an API token was last used. */
export async function touchApiToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Stores a new API token (its hash only). */
export async function insertApiToken(db: Db, token: Insertable<ApiTokensTable>): Promise<void> {
  await db.insertInto('api_tokens').values(token).execute();
}

/** A user's API tokens not revoked (expired ones included), newest first, without their hashes. */
export function listUserApiTokens(db: Db, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes one of a user's live API tokens; false when there was none to revoke. */
export async function revokeUserApiToken(db: Db, userId: string, tokenId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Creates a user; an email already taken is left as it is. */
export async function insertUserIfAbsent(db: Db, user: Insertable<UsersTable>): Promise<void> {
  await db
    .insertInto('users')
    .values(user)
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
}

/** Stores a new invite (its token's hash only). */
export async function insertInvite(db: Db, invite: Insertable<InvitesTable>): Promise<void> {
  await db.insertInto('invites').values(invite).execute();
}

/** The invite with this token hash, with the name of the workplace it is for (null for the admin's setup link). */
export function findInviteByTokenHash(db: Db, tokenHash: string): Promise<(Invite & { workplace_name: string | null }) | undefined> {
  return db
    .selectFrom('invites')
    .leftJoin('workplaces', 'workplaces.id', 'invites.workplace_id')
    .selectAll('invites')
    .select('workplaces.name as workplace_name')
    .where('invites.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Uses an invite up, once: false when it was used already (a double submit). */
export async function markInviteUsed(db: Db, id: string, at: string): Promise<boolean> {
  const used = await db.updateTable('invites').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(used.numUpdatedRows) > 0;
}

/** Stores a new user. */
export async function insertUser(db: Db, user: User): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

/** Sets a user's password hash and role. */
export async function updateUserAccess(
  db: Db,
  id: string,
  change: { password_hash: string; role: User['role']; updated_at: string },
): Promise<void> {
  await db.updateTable('users').set(change).where('id', '=', id).execute();
}

/** Makes a user a manager of a workplace (nothing changes if they are already). */
export async function addWorkplaceManager(db: Db, workplaceId: string, userId: string, at: string): Promise<void> {
  await db
    .insertInto('workplace_managers')
    .values({ workplace_id: workplaceId, user_id: userId, created_at: at })
    .onConflict((oc) => oc.columns(['workplace_id', 'user_id']).doNothing())
    .execute();
}
