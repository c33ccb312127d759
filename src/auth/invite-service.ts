import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Invite, User } from '../db/database.ts';
import { addDays } from '../lib/clock.ts';
import { AppError } from '../lib/errors.ts';
import { newId, newToken, sha256Hex } from '../lib/ids.ts';
import { emailAddress, msg, parseInput } from '../lib/validation.ts';
import {
  addWorkplaceManager,
  findInviteByTokenHash,
  insertInvite,
  insertUser,
  markInviteUsed,
  updateUserAccess,
} from './access-queries.ts';
import { type LinkRefusals, liveLink } from './one-time-link.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { findUserByEmail } from './user-queries.ts';

export const INVITE_DAYS = 14;

export const passwordSchema = z.string(msg('auth.passwordLength')).min(10, msg('auth.passwordLength')).max(200, msg('auth.passwordLength'));
// The first admin's setup link names no address: they give theirs with the password.
const managerAcceptance = z.object({ password: passwordSchema });
const adminAcceptance = z.object({ password: passwordSchema, email: emailAddress });

/** Makes an invite for a workplace manager; returns the private URL (to mail and to show). */
export async function createManagerInvite(
  ctx: AppContext,
  input: { email: string; workplaceId: string; createdBy: string },
): Promise<{ inviteUrl: string; token: string }> {
  const now = ctx.clock.now();
  const token = newToken();
  await insertInvite(ctx.db, {
    id: newId(),
    token_hash: sha256Hex(token),
    email: input.email,
    role: 'manager',
    workplace_id: input.workplaceId,
    created_by: input.createdBy,
    created_at: now.toISOString(),
    expires_at: addDays(now, INVITE_DAYS).toISOString(),
    used_at: null,
  });
  return { inviteUrl: `${ctx.config.publicUrl}/invite/${token}`, token };
}

/** An invite, with the name of the workplace it is for (null for the first admin's setup link). */
export type OpenInvite = Invite & { workplace_name: string | null };

const INVITE_REFUSALS: LinkRefusals = {
  code: 'invite',
  unknown: 'auth.inviteUnknown',
  used: 'auth.inviteUsed',
  expired: 'auth.inviteExpired',
};

/** The open invite behind a token; a used, expired or unknown one is a clear 404/410. */
export async function openInvite(ctx: AppContext, token: string): Promise<OpenInvite> {
  return liveLink(await findInviteByTokenHash(ctx.db, sha256Hex(token)), ctx.clock.now(), INVITE_REFUSALS);
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
  const accepted =
    invite.role === 'admin'
      ? parseInput(adminAcceptance, { ...input, email: input.email ?? '' })
      : { ...parseInput(managerAcceptance, input), email: invite.email };
  const email = accepted.email;
  const now = ctx.clock.now().toISOString();
  const existing = await findUserByEmail(ctx.db, email);
  if (existing?.password_hash && !(await verifyPassword(accepted.password, existing.password_hash))) {
    throw new AppError('validation', 400, 'error.validation', { password: 'auth.existingPassword' });
  }
  const hash = existing?.password_hash ?? (await hashPassword(accepted.password));
  return ctx.db.transaction().execute(async (trx) => {
    // Using the invite first, conditionally, makes a double submit harmless.
    if (!(await markInviteUsed(trx, invite.id, now))) throw new AppError('invite_used', 410, 'auth.inviteUsed');
    let user = existing;
    if (!user) {
      user = {
        id: newId(),
        email,
        password_hash: hash,
        role: invite.role,
        lang: input.lang,
        created_at: now,
        updated_at: now,
        disabled_at: null,
      };
      await insertUser(trx, user);
    } else if (!user.password_hash || (invite.role === 'admin' && user.role !== 'admin')) {
      await updateUserAccess(trx, user.id, { password_hash: hash, role: invite.role === 'admin' ? 'admin' : user.role, updated_at: now });
      user = { ...user, password_hash: hash, role: invite.role === 'admin' ? 'admin' : user.role };
    }
    if (invite.workplace_id) {
      await addWorkplaceManager(trx, invite.workplace_id, user.id, now);
    }
    return user;
  });
}
