import type { AppContext } from '../context.ts';
import type { Db, Nomination } from '../db/database.ts';
import { isLang, type Lang } from '../i18n/index.ts';
import { formatDate } from '../lib/format.ts';
import * as templates from './templates.ts';

// The messages the nomination's steps send. Each is put in the outbox through the caller's
// transaction, so it leaves only if the step it tells of is committed; the mailer wakes by itself.
// What a message names (the category, the workplace, who reviews) is read by the caller, whose
// feature owns those tables.

/** Reads, in the caller's transaction, the names a message about a nomination shows. */
export type NominationNames = {
  category: (lang: Lang) => Promise<string>;
  workplace: () => Promise<string>;
};

/** Someone who receives a message in their own language ('fr' for anything else). */
export type Recipient = { email: string; lang: string };

const langOf = (value: string): Lang => (isLang(value) ? value : 'fr');

/** After a nomination arrives: its reviewers (or the admins, for a business not on Élan) are told, and the nominator thanked. */
export async function notifyNominationReceived(
  ctx: AppContext,
  db: Db,
  nomination: Nomination,
  names: NominationNames,
  reviewers: readonly Recipient[],
  withdrawUrl: string,
): Promise<void> {
  for (const reviewer of reviewers) {
    const lang = langOf(reviewer.lang);
    const message = templates.newNomination(lang, {
      firstName: nomination.staff_first_name,
      categoryName: await names.category(lang),
      workplaceName: await names.workplace(),
      reviewUrl: `${ctx.config.publicUrl}/manage/nominations/${nomination.id}`,
    });
    await ctx.mailer.enqueue(db, { to: reviewer.email, lang, template: 'newNomination', ...message });
  }
  if (nomination.nominator_email) {
    const lang = langOf(nomination.lang);
    const message = templates.nominationConfirmation(lang, { firstName: nomination.staff_first_name, withdrawUrl });
    await ctx.mailer.enqueue(db, { to: nomination.nominator_email, lang, template: 'nominationConfirmation', ...message });
  }
}

/** A claim link as it is mailed: where it leads and until when. */
export type ClaimLink = { claimUrl: string; claimExpiresAt: string };

/** After approval: the claim link to the employee if the reviewer typed their email, a kind word to the nominator. */
export async function notifyApproved(
  ctx: AppContext,
  db: Db,
  nomination: Nomination,
  names: NominationNames,
  link: ClaimLink,
  employeeEmail: string | null,
): Promise<void> {
  const lang = langOf(nomination.lang);
  if (employeeEmail) await sendClaimLink(ctx, db, nomination, names, link, { email: employeeEmail, lang });
  if (nomination.nominator_email) {
    const message = templates.nominationApproved(lang, { firstName: nomination.staff_first_name });
    await ctx.mailer.enqueue(db, { to: nomination.nominator_email, lang, template: 'nominationApproved', ...message });
  }
}

/** After a decline: a kind note to the nominator, with the reason only if the reviewer chose to share it. */
export async function notifyDeclined(ctx: AppContext, db: Db, nomination: Nomination, sharedReason: string | null): Promise<void> {
  if (!nomination.nominator_email) return;
  const lang = langOf(nomination.lang);
  const message = templates.nominationDeclined(lang, { firstName: nomination.staff_first_name, sharedReason });
  await ctx.mailer.enqueue(db, { to: nomination.nominator_email, lang, template: 'nominationDeclined', ...message });
}

/** Mails an award's claim link to the employee; their address is not kept once it is sent. */
export async function sendClaimLink(
  ctx: AppContext,
  db: Db,
  nomination: Nomination,
  names: NominationNames,
  link: ClaimLink,
  to: Recipient,
): Promise<void> {
  const lang = langOf(to.lang);
  const message = templates.claimLink(lang, {
    firstName: nomination.staff_first_name,
    categoryName: await names.category(lang),
    workplaceName: await names.workplace(),
    claimUrl: link.claimUrl,
    expiresOn: formatDate(link.claimExpiresAt, lang),
  });
  await ctx.mailer.enqueue(db, { to: to.email, lang, template: 'claimLink', ...message, forgetAfterSending: true });
}

/** Mails a manager's invite. */
export async function sendInvite(
  ctx: AppContext,
  invite: { email: string; inviteUrl: string; workplaceName: string; lang: Lang },
): Promise<void> {
  const message = templates.managerInvite(invite.lang, { workplaceName: invite.workplaceName, inviteUrl: invite.inviteUrl });
  await ctx.mailer.enqueue(ctx.db, { to: invite.email, lang: invite.lang, template: 'managerInvite', ...message });
}

/** Mails a password reset link; the address and the link are not kept once it is sent. */
export async function sendPasswordReset(
  ctx: AppContext,
  db: Db,
  reset: { email: string; resetUrl: string; lang: Lang; minutes: number },
): Promise<void> {
  const message = templates.passwordReset(reset.lang, { resetUrl: reset.resetUrl, minutes: reset.minutes });
  await ctx.mailer.enqueue(db, { to: reset.email, lang: reset.lang, template: 'passwordReset', ...message, forgetAfterSending: true });
}
