import type { AppContext } from '../context.ts';
import type { User } from '../db/database.ts';
import type { MessageKey } from '../i18n/index.ts';
import { addDays } from '../lib/clock.ts';
import { AppError, notFound } from '../lib/errors.ts';
import { keyedHash, newId, newToken, sha256Hex } from '../lib/ids.ts';
import { hitRateLimits, type RateLimit, releaseRateLimitHits } from '../rate-limit/rate-limit.ts';
import {
  deleteSession,
  findLiveApiToken,
  findSessionUser,
  insertApiToken,
  insertInvite,
  insertSession,
  insertUserIfAbsent,
  listUserApiTokens,
  revokeUserApiToken,
  touchApiToken,
} from './access-queries.ts';
import type { Actor } from './actor.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import { adminExists, findUserByEmail, findUserById, managedWorkplaceIds } from './user-queries.ts';

export const SESSION_DAYS = 14;
const SIGN_IN_PER_ADDRESS = { max: 20, windowSeconds: 15 * 60 };
const SIGN_IN_PER_ACCOUNT = { max: 10, windowSeconds: 15 * 60 };

/** The guessing limit of one account, shared by every check of its password (sign-in, password change). */
export function accountGuessLimit(ctx: AppContext, email: string): RateLimit {
  return { key: `login-account:${keyedHash(ctx.hashKey, email.trim().toLowerCase())}`, rule: SIGN_IN_PER_ACCOUNT };
}

/**
 * Checks a password within guessing limits: `check` gives what the right password opens, or null
 * for a wrong one. The attempt is counted before scrypt runs, under every limit in one atomic
 * statement, so a burst sent at once is cut at the limit and past it no hash is computed. An
 * attempt refused, or whose password was right, gives its hits back: only wrong passwords count,
 * so a busy shared address where people sign in correctly is never locked out.
 */
export async function checkPasswordWithinLimits<T>(
  ctx: AppContext,
  limits: readonly RateLimit[],
  check: () => Promise<T | null>,
  tooMany: MessageKey = 'auth.tooManyAttempts',
): Promise<T | null> {
  const counted = await hitRateLimits(ctx.db, limits, ctx.clock.now());
  if (!counted.allowed) {
    await releaseRateLimitHits(ctx.db, counted.hits);
    throw new AppError('rate_limited', 429, tooMany, undefined, { 'Retry-After': String(counted.retryAfterSeconds) });
  }
  const passed = await check();
  if (passed !== null) await releaseRateLimitHits(ctx.db, counted.hits);
  return passed;
}

/** Checks an email and password against guessing limits; returns a new session token. */
export async function signIn(
  ctx: AppContext,
  email: string,
  password: string,
  clientAddress: string,
): Promise<{ token: string; user: User }> {
  const normalised = email.trim().toLowerCase();
  const limits = [
    { key: `login-ip:${keyedHash(ctx.hashKey, clientAddress)}`, rule: SIGN_IN_PER_ADDRESS },
    accountGuessLimit(ctx, normalised),
  ];
  const user = await checkPasswordWithinLimits(ctx, limits, async () => {
    const found = await findUserByEmail(ctx.db, normalised);
    // An unknown account is checked against a hash all the same, so timing tells nothing.
    const matches = await verifyPassword(password, found?.password_hash ?? DUMMY_HASH);
    return matches && found?.password_hash ? found : null;
  });
  if (!user) throw new AppError('bad_credentials', 401, 'auth.badCredentials');
  return { token: await createSession(ctx, user.id), user };
}

/** Opens a session for a user; the token goes in the cookie, only its hash is stored. */
export async function createSession(ctx: AppContext, userId: string): Promise<string> {
  const now = ctx.clock.now();
  const token = newToken();
  await insertSession(ctx.db, {
    token_hash: sha256Hex(token),
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: addDays(now, SESSION_DAYS).toISOString(),
  });
  return token;
}

/** Ends a session. */
export async function signOut(ctx: AppContext, token: string): Promise<void> {
  await deleteSession(ctx.db, sha256Hex(token));
}

/** The actor behind a session token, if the session is alive. */
export async function actorFromSession(ctx: AppContext, token: string): Promise<Actor | null> {
  const row = await findSessionUser(ctx.db, sha256Hex(token));
  if (!row || row.expires_at <= ctx.clock.now().toISOString()) return null;
  return actorFor(ctx, row.id, 'session');
}

/** The actor behind an API token, if it exists and is not revoked. */
export async function actorFromApiToken(ctx: AppContext, token: string): Promise<Actor | null> {
  const row = await findLiveApiToken(ctx.db, sha256Hex(token));
  if (!row) return null;
  const now = ctx.clock.now();
  // Recording use once an hour keeps "last used" useful without a write per request.
  if (!row.last_used_at || row.last_used_at < new Date(now.getTime() - 3_600_000).toISOString()) {
    await touchApiToken(ctx.db, row.id, now.toISOString());
  }
  return actorFor(ctx, row.user_id, 'token');
}

async function actorFor(ctx: AppContext, userId: string, via: Actor['via']): Promise<Actor | null> {
  const user = await findUserById(ctx.db, userId);
  if (!user) return null;
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    lang: user.lang === 'en' ? 'en' : 'fr',
    workplaceIds: user.role === 'admin' ? [] : await managedWorkplaceIds(ctx.db, user.id),
    via,
  };
}

/** Makes an API token for the actor; the token is returned once and only its hash is kept. */
export async function createApiToken(ctx: AppContext, actor: Actor, name: string): Promise<{ id: string; token: string }> {
  const id = newId();
  const token = `elan_${newToken()}`;
  await insertApiToken(ctx.db, {
    id,
    token_hash: sha256Hex(token),
    user_id: actor.id,
    name,
    created_at: ctx.clock.now().toISOString(),
    last_used_at: null,
    revoked_at: null,
  });
  return { id, token };
}

/** The actor's API tokens, without their secrets. */
export function listApiTokens(ctx: AppContext, actor: Actor) {
  return listUserApiTokens(ctx.db, actor.id);
}

/** Revokes one of the actor's API tokens. */
export async function revokeApiToken(ctx: AppContext, actor: Actor, tokenId: string): Promise<void> {
  if (!(await revokeUserApiToken(ctx.db, actor.id, tokenId, ctx.clock.now().toISOString()))) throw notFound();
}

/**
 * Makes sure the instance has an issuer admin: from ELAN_ADMIN_EMAIL/PASSWORD, or else by a
 * one-time setup link (returned, to be printed). Returns null when an admin already exists.
 */
export async function bootstrapAdmin(ctx: AppContext): Promise<{ created: 'admin' } | { setupUrl: string } | null> {
  if (await adminExists(ctx.db)) return null;
  const now = ctx.clock.now().toISOString();
  const { adminEmail, adminPassword } = ctx.config;
  if (adminEmail && adminPassword) {
    await insertUserIfAbsent(ctx.db, {
      id: newId(),
      email: adminEmail,
      password_hash: await hashPassword(adminPassword),
      role: 'admin',
      lang: 'fr',
      created_at: now,
      updated_at: now,
    });
    return { created: 'admin' };
  }
  const token = newToken();
  await insertInvite(ctx.db, {
    id: newId(),
    token_hash: sha256Hex(token),
    email: '',
    role: 'admin',
    workplace_id: null,
    created_by: null,
    created_at: now,
    expires_at: addDays(ctx.clock.now(), 7).toISOString(),
    used_at: null,
  });
  return { setupUrl: `${ctx.config.publicUrl}/setup/${token}` };
}
