import type { AppContext } from '../context.ts';
import type { Db } from '../db/database.ts';
import { AppError, notFound } from '../lib/errors.ts';
import { deleteUserSessions, revokeUserApiToken } from './access-queries.ts';
import { type Actor, assertAdmin } from './actor.ts';
import { apiTokenJson } from './auth-service.ts';
import {
  deleteOpenInvites,
  deleteUserSession,
  deleteWorkplaceManager,
  disableUser,
  enableUser,
  listManagedWorkplaces,
  listOpenSessions,
  listUsers,
  listWorkingApiTokens,
  revokeUserApiTokens,
} from './people-queries.ts';
import { findUserById, managedWorkplaceIds } from './user-queries.ts';

/** A person as the admin sees them: their access, their open sessions and their working tokens. */
export type Person = {
  id: string;
  email: string;
  role: 'admin' | 'manager';
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
  workplaces: { slug: string; name: string }[];
  sessions: { id: string; createdAt: string; lastSeenAt: string; expiresAt: string }[];
  tokens: ReturnType<typeof apiTokenJson>[];
};

/** Everyone with an account (admin only), with what each can reach and how. */
export async function listPeople(ctx: AppContext, actor: Actor | null): Promise<Person[]> {
  assertAdmin(actor);
  const now = ctx.clock.now().toISOString();
  const [users, workplaces, sessions, tokens] = await Promise.all([
    listUsers(ctx.db),
    listManagedWorkplaces(ctx.db),
    listOpenSessions(ctx.db, now),
    listWorkingApiTokens(ctx.db, now),
  ]);
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    role: u.role,
    disabled: u.disabled_at !== null,
    disabledAt: u.disabled_at,
    createdAt: u.created_at,
    workplaces: workplaces.filter((w) => w.user_id === u.id).map((w) => ({ slug: w.slug, name: w.name })),
    sessions: sessions
      .filter((s) => s.user_id === u.id)
      .map((s) => ({ id: s.id, createdAt: s.created_at, lastSeenAt: s.last_seen_at, expiresAt: s.expires_at })),
    tokens: tokens.filter((t) => t.user_id === u.id).map(apiTokenJson),
  }));
}

/**
 * Disables an account (admin only): it signs in no more, and its sessions and tokens end at once, so
 * enabling it again brings back none of them. The last enabled admin cannot be disabled (409).
 */
export async function disableAccount(ctx: AppContext, actor: Actor | null, userId: string): Promise<void> {
  assertAdmin(actor);
  const user = await findUserById(ctx.db, userId);
  if (!user) throw notFound();
  if (user.disabled_at) return;
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await disableUser(trx, userId, at))) throw new AppError('last_admin', 409, 'accounts.lastAdmin');
    await endAllAccess(trx, userId, at);
  });
}

/** Enables a disabled account (admin only); the person signs in again to get a session. */
export async function enableAccount(ctx: AppContext, actor: Actor | null, userId: string): Promise<void> {
  assertAdmin(actor);
  if (!(await findUserById(ctx.db, userId))) throw notFound();
  await enableUser(ctx.db, userId, ctx.clock.now().toISOString());
}

/** Ends one session of a person (admin only). */
export async function endSession(ctx: AppContext, actor: Actor | null, userId: string, sessionId: string): Promise<void> {
  assertAdmin(actor);
  if (!(await deleteUserSession(ctx.db, userId, sessionId))) throw notFound();
}

/** Revokes one API token of a person (admin only). */
export async function endApiToken(ctx: AppContext, actor: Actor | null, userId: string, tokenId: string): Promise<void> {
  assertAdmin(actor);
  if (!(await revokeUserApiToken(ctx.db, userId, tokenId, ctx.clock.now().toISOString()))) throw notFound();
}

/**
 * Takes a workplace from its manager (admin only). The actor's workplaces are read on every request, so
 * their sessions and tokens lose it at the next one; when it was the last workplace of someone who is not
 * an admin, nothing is left for those to reach and they end too. Their invitations to it still open are
 * withdrawn. 404 when they did not manage it.
 */
export async function removeWorkplaceManager(
  ctx: AppContext,
  actor: Actor | null,
  workplaceId: string,
  userId: string,
): Promise<{ accessEnded: boolean }> {
  assertAdmin(actor);
  const at = ctx.clock.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteWorkplaceManager(trx, workplaceId, userId))) throw notFound();
    const user = await findUserById(trx, userId);
    // A second invitation still open would be their way back in.
    if (user) await deleteOpenInvites(trx, workplaceId, user.email);
    const last = user?.role !== 'admin' && (await managedWorkplaceIds(trx, userId)).length === 0;
    if (last) await endAllAccess(trx, userId, at);
    return { accessEnded: last };
  });
}

/** Ends every session and token of a person. */
async function endAllAccess(db: Db, userId: string, at: string): Promise<void> {
  await deleteUserSessions(db, userId, null);
  await revokeUserApiTokens(db, userId, at);
}
