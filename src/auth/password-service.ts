import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Db, PasswordReset } from '../db/database.ts';
import type { Lang } from '../i18n/index.ts';
import { AppError } from '../lib/errors.ts';
import { keyedHash, newId, newToken, sha256Hex } from '../lib/ids.ts';
import { checkInput, emailAddress, msg, parseInput } from '../lib/validation.ts';
import { hitRateLimits } from '../rate-limit/rate-limit.ts';
import { deleteUserSessions, updateUserAccess } from './access-queries.ts';
import type { Actor } from './actor.ts';
import { accountGuessLimit, checkPasswordWithinLimits, createSession } from './auth-service.ts';
import { passwordSchema } from './invite-service.ts';
import { deadLinkError, type LinkRefusals, liveLink } from './one-time-link.ts';
import { endPasswordResets, findPasswordReset, insertPasswordReset, usePasswordReset } from './password-reset-queries.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import { findUserByEmail, findUserById } from './user-queries.ts';

/** How long a mailed reset link works. */
export const RESET_MINUTES = 30;
// Each request may mail someone: three an hour to one email address (with an account or not), ten
// an hour from one client address.
const RESET_PER_CLIENT = { max: 10, windowSeconds: 3600 };
const RESET_PER_EMAIL = { max: 3, windowSeconds: 3600 };

/** Mails a reset link, in the caller's transaction (mail/ renders it; auth/ sits below it). */
export type ResetMailer = (db: Db, reset: { email: string; resetUrl: string; lang: Lang; minutes: number }) => Promise<void>;

const changeRequest = z.strictObject(
  {
    currentPassword: z
      .string(msg('passwords.currentRequired'))
      .min(1, msg('passwords.currentRequired'))
      .max(200, msg('passwords.currentWrong')),
    newPassword: passwordSchema,
  },
  msg('validation.object'),
);
const resetRequest = z.object({ email: emailAddress });
const newPassword = z.object({ password: passwordSchema });

/**
 * Changes the actor's password, given the current one (checked within the account's guessing
 * limit). Every other session of the account ends; `currentSession`, the token of the session
 * asking (null through an API token), stays open. Reset links still open end too.
 */
export async function changePassword(ctx: AppContext, actor: Actor, input: unknown, currentSession: string | null): Promise<void> {
  const request = parseInput(changeRequest, input);
  const user = await findUserById(ctx.db, actor.id);
  if (!user) throw new AppError('unauthenticated', 401, 'auth.required');
  const checked = await checkPasswordWithinLimits(
    ctx,
    [accountGuessLimit(ctx, user.email)],
    async () => ((await verifyPassword(request.currentPassword, user.password_hash ?? DUMMY_HASH)) && user.password_hash ? user : null),
    'passwords.tooManyAttempts',
  );
  if (!checked) throw new AppError('validation', 400, 'error.validation', { currentPassword: 'passwords.currentWrong' });
  const hash = await hashPassword(request.newPassword);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await updateUserAccess(trx, user.id, { password_hash: hash, role: user.role, updated_at: now });
    await deleteUserSessions(trx, user.id, currentSession === null ? null : sha256Hex(currentSession));
    await endPasswordResets(trx, user.id, now);
  });
}

/**
 * Asks for a reset link for an address, within limits per client and per address, and mails it
 * when the address has an account with a password. The answer is the same either way, and so is
 * the work but for the link's two inserts: the limits' counters are written in the same
 * transaction, so both ways look the account up and commit a write, and the limits allow far too
 * few tries for two inserts to be timed.
 */
export async function requestPasswordReset(
  ctx: AppContext,
  input: { email: string | undefined },
  request: { clientAddress: string; lang: Lang },
  mail: ResetMailer,
): Promise<{ email: string }> {
  const checked = checkInput(resetRequest, input);
  if (!checked.ok) throw new AppError('validation', 400, 'error.validation', { email: 'passwords.reset.email' });
  const { email } = checked.value;
  const now = ctx.clock.now();
  const token = newToken();
  await ctx.db.transaction().execute(async (trx) => {
    const counted = await hitRateLimits(
      trx,
      [
        { key: `reset-ip:${keyedHash(ctx.hashKey, request.clientAddress)}`, rule: RESET_PER_CLIENT },
        { key: `reset-account:${keyedHash(ctx.hashKey, email)}`, rule: RESET_PER_EMAIL },
      ],
      now,
    );
    if (!counted.allowed) {
      throw new AppError('rate_limited', 429, 'passwords.reset.tooMany', undefined, { 'Retry-After': String(counted.retryAfterSeconds) });
    }
    const user = await findUserByEmail(trx, email);
    // A disabled account gets no link: it could not sign in with the password chosen through it.
    if (!user?.password_hash || user.disabled_at) return;
    await insertPasswordReset(trx, {
      id: newId(),
      token_hash: sha256Hex(token),
      user_id: user.id,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + RESET_MINUTES * 60_000).toISOString(),
      used_at: null,
    });
    await mail(trx, {
      email: user.email,
      resetUrl: `${ctx.config.publicUrl}/password-reset/${token}`,
      lang: request.lang,
      minutes: RESET_MINUTES,
    });
  });
  // The mailer's own nudge may have come before the commit.
  ctx.mailer.nudge();
  return { email };
}

/** A reset link that still works, with its account's email. */
export type OpenPasswordReset = PasswordReset & { email: string };

const RESET_REFUSALS: LinkRefusals = {
  code: 'reset',
  unknown: 'passwords.reset.unknown',
  used: 'passwords.reset.used',
  expired: 'passwords.reset.expired',
};

/** The reset link behind a token while it works; otherwise a clear 404 (unknown) or 410 (used, expired). */
export async function openPasswordReset(ctx: AppContext, token: string): Promise<OpenPasswordReset> {
  return liveLink(await findPasswordReset(ctx.db, sha256Hex(token)), ctx.clock.now(), RESET_REFUSALS);
}

/**
 * Sets a new password through an open reset link and uses the link up. Every session of the
 * account ends, and so do its other reset links; the person is signed in afresh: returns the new
 * session's token.
 */
export async function completePasswordReset(
  ctx: AppContext,
  reset: OpenPasswordReset,
  input: { password: string | undefined },
): Promise<string> {
  const { password } = parseInput(newPassword, input);
  const hash = await hashPassword(password);
  const now = ctx.clock.now().toISOString();
  const userId = await ctx.db.transaction().execute(async (trx) => {
    // Using the link first, conditionally, makes a double submit (or one past the deadline) harmless.
    if (!(await usePasswordReset(trx, reset.id, now))) throw deadLinkError(reset, now, RESET_REFUSALS);
    const user = await findUserById(trx, reset.user_id);
    if (!user) throw deadLinkError(reset, now, RESET_REFUSALS);
    await updateUserAccess(trx, user.id, { password_hash: hash, role: user.role, updated_at: now });
    await deleteUserSessions(trx, user.id, null);
    await endPasswordResets(trx, user.id, now);
    return user.id;
  });
  return createSession(ctx, userId);
}
