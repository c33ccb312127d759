import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Invite, User } from '../db/database.ts';
import { addDays } from '../lib/clock.ts';
import { AppError } from '../lib/errors.ts';
import { newId, newToken, sha256Hex } from '../lib/ids.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { findUserByEmail } from './user-queries.ts';

export const INVITE_DAYS = 14;

export const passwordSchema = z.string().min(10, { error: 'auth.passwordLength' }).max(200, { error: 'auth.passwordLength' });
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'validation.email' }).max(254, { error: 'validation.email' }));

/** Makes an invite for a workplace manager; returns the private URL (to mail and to show). */
export async function createManagerInvite(
  ctx: AppContext,
  input: { email: string; workplaceId: string; createdBy: string },
): Promise<{ inviteUrl: string; token: string }> {
  const now = ctx.clock.now();
  const token = newToken();
  await ctx.db
    .insertInto('invites')
    .values({
      id: newId(),
      token_hash: sha256Hex(token),
      email: input.email,
      role: 'manager',
      workplace_id: input.workplaceId,
      created_by: input.createdBy,
      created_at: now.toISOString(),
      expires_at: addDays(now, INVITE_DAYS).toISOString(),
      used_at: null,
    })
    .execute();
  return { inviteUrl: `${ctx.config.publicUrl}/invite/${token}`, token };
}

/** The open invite behind a token; a used, expired or unknown one is a clear 404/410. */
export async function openInvite(ctx: AppContext, token: string): Promise<Invite> {
  const invite = await ctx.db.selectFrom('invites').selectAll().where('token_hash', '=', sha256Hex(token)).executeTakeFirst();
  if (!invite) throw new AppError('invite_unknown', 404, 'auth.inviteUnknown');
  if (invite.used_at) throw new AppError('invite_used', 410, 'auth.inviteUsed');
  if (invite.expires_at <= ctx.clock.now().toISOString()) throw new AppError('invite_expired', 410, 'auth.inviteExpired');
  return invite;
}

/**
 * Accepts an invite: sets the password of a new account (or checks the existing one's), attaches
 * the workplace, and uses the invite up — all in one transaction.
 */
export async function acceptInvite(
  ctx: AppContext,
  token: string,
  input: { email?: string; password: string; lang: 'fr' | 'en' },
): Promise<User> {
  const invite = await openInvite(ctx, token);
  const password = passwordSchema.safeParse(input.password);
  if (!password.success) throw new AppError('validation', 400, 'error.validation', { password: 'auth.passwordLength' });
  let email = invite.email;
  if (invite.role === 'admin') {
    const parsed = emailSchema.safeParse(input.email ?? '');
    if (!parsed.success) throw new AppError('validation', 400, 'error.validation', { email: 'validation.email' });
    email = parsed.data;
  }
  const now = ctx.clock.now().toISOString();
  const existing = await findUserByEmail(ctx.db, email);
  if (existing?.password_hash && !(await verifyPassword(password.data, existing.password_hash))) {
    throw new AppError('validation', 400, 'error.validation', { password: 'auth.existingPassword' });
  }
  const hash = existing?.password_hash ?? (await hashPassword(password.data));
  return ctx.db.transaction().execute(async (trx) => {
    // Using the invite first, conditionally, makes a double submit harmless.
    const used = await trx
      .updateTable('invites')
      .set({ used_at: now })
      .where('id', '=', invite.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 0) throw new AppError('invite_used', 410, 'auth.inviteUsed');
    let user = existing;
    if (!user) {
      user = { id: newId(), email, password_hash: hash, role: invite.role, lang: input.lang, created_at: now, updated_at: now };
      await trx.insertInto('users').values(user).execute();
    } else if (!user.password_hash || (invite.role === 'admin' && user.role !== 'admin')) {
      await trx
        .updateTable('users')
        .set({ password_hash: hash, role: invite.role === 'admin' ? 'admin' : user.role, updated_at: now })
        .where('id', '=', user.id)
        .execute();
      user = { ...user, password_hash: hash, role: invite.role === 'admin' ? 'admin' : user.role };
    }
    if (invite.workplace_id) {
      await trx
        .insertInto('workplace_managers')
        .values({ workplace_id: invite.workplace_id, user_id: user.id, created_at: now })
        .onConflict((oc) => oc.columns(['workplace_id', 'user_id']).doNothing())
        .execute();
    }
    return user;
  });
}
