import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { User } from '../db/database.ts';
import type { MessageKey } from '../i18n/index.ts';
import { addDays } from '../lib/clock.ts';
import { AppError, notFound } from '../lib/errors.ts';
import { keyedHash, newId, newToken, sha256Hex } from '../lib/ids.ts';
import { msg } from '../lib/validation.ts';
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
  touchSession,
} from './access-queries.ts';
import { type Actor, assertSession } from './actor.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import { adminExists, findUserByEmail, findUserById, managedWorkplaceIds } from './user-queries.ts';

export const SESSION_DAYS = 14;
export const API_TOKEN_DAYS = 90;
const API_TOKEN_MAX_DAYS = 365;
// "Last seen" and "last used" move on at most this often, so the hot path does not write on every request.
const TOUCH_EVERY_MS = 60_000;
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
  // Said only to someone who knows the password, so it tells a guesser nothing.
  if (user.disabled_at) throw new AppError('account_disabled', 403, 'accounts.disabledSignIn');
  return { token: await createSession(ctx, user.id), user };
}

/** Opens a session for a user; the token goes in the cookie, only its hash is stored. */
export async function createSession(ctx: AppContext, userId: string): Promise<string> {
  const now = ctx.clock.now();
  const token = newToken();
  await insertSession(ctx.db, {
    id: newId(),
    token_hash: sha256Hex(token),
    user_id: userId,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
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
  const now = ctx.clock.now();
  if (!row || row.expires_at <= now.toISOString()) return null;
  if (touchDue(row.last_seen_at, now)) await touchSession(ctx.db, row.session_id, now.toISOString());
  return actorFor(ctx, row.id, 'session');
}

/** The actor behind an API token, if it exists and is not revoked; an expired one is a 401 saying so. */
export async function actorFromApiToken(ctx: AppContext, token: string): Promise<Actor | null> {
  const row = await findLiveApiToken(ctx.db, sha256Hex(token));
  if (!row) return null;
  const now = ctx.clock.now();
  if (row.expires_at <= now.toISOString()) {
    throw new AppError('token_expired', 401, 'accounts.tokenExpired', undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  }
  if (touchDue(row.last_used_at, now)) await touchApiToken(ctx.db, row.id, now.toISOString());
  return actorFor(ctx, row.user_id, 'token');
}

function touchDue(last: string | null, now: Date): boolean {
  return last === null || last <= new Date(now.getTime() - TOUCH_EVERY_MS).toISOString();
}

// Read on every request, never kept: a workplace taken away or an account disabled is out of reach at the next one.
async function actorFor(ctx: AppContext, userId: string, via: Actor['via']): Promise<Actor | null> {
  const user = await findUserById(ctx.db, userId);
  if (!user || user.disabled_at) return null;
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    lang: user.lang === 'en' ? 'en' : 'fr',
    workplaceIds: user.role === 'admin' ? [] : await managedWorkplaceIds(ctx.db, user.id),
    via,
  };
}

/** What a person asks for when making an API token, from the API or the tokens page. */
export const apiTokenRequest = z.strictObject(
  {
    name: z.string(msg('accounts.tokenName')).trim().min(1, msg('accounts.tokenName')).max(80, msg('accounts.tokenName')),
    expiresInDays: z
      .number(msg('accounts.expiresInDays'))
      .int(msg('accounts.expiresInDays'))
      .min(1, msg('accounts.expiresInDays'))
      .max(API_TOKEN_MAX_DAYS, msg('accounts.expiresInDays'))
      .default(API_TOKEN_DAYS),
  },
  msg('validation.object'),
);

/**
 * Makes an API token for the actor, ending in `expiresInDays`; the token is returned once and only its
 * hash is kept. Only a signed-in session may: a token that could mint tokens would outlive its own end.
 */
export async function createApiToken(
  ctx: AppContext,
  actor: Actor,
  name: string,
  expiresInDays = API_TOKEN_DAYS,
): Promise<{ id: string; token: string; name: string; expiresAt: string }> {
  assertSession(actor);
  const now = ctx.clock.now();
  const id = newId();
  const token = `elan_${newToken()}`;
  const expiresAt = addDays(now, expiresInDays).toISOString();
  await insertApiToken(ctx.db, {
    id,
    token_hash: sha256Hex(token),
    user_id: actor.id,
    name,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    last_used_at: null,
    revoked_at: null,
  });
  return { id, token, name, expiresAt };
}

/** The actor's API tokens not revoked, as the API shows them, without their secrets. */
export async function listApiTokens(ctx: AppContext, actor: Actor) {
  return (await listUserApiTokens(ctx.db, actor.id)).map(apiTokenJson);
}

/** An API token as the API and the pages show it. */
export function apiTokenJson(t: { id: string; name: string; created_at: string; last_used_at: string | null; expires_at: string }) {
  return { id: t.id, name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at, expiresAt: t.expires_at };
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
