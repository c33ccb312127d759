import type { Transaction } from 'kysely';
import { whoReviews } from '../auth/user-queries.ts';
import { findCategory } from '../categories/category-queries.ts';
import type { AppContext } from '../context.ts';
import type { Database, Db, Nomination } from '../db/database.ts';
import { isLang, type Lang } from '../i18n/index.ts';
import { formatDate } from '../lib/format.ts';
import { enqueueMail } from '../mail/outbox.ts';
import * as templates from '../mail/templates.ts';
import { findWorkplaceById } from '../workplaces/workplace-queries.ts';
import type { ApprovedAward } from './review-service.ts';

type Trx = Transaction<Database>;

/** The mail the review steps send, each enqueued in the step's own transaction. */
export type ReviewMail = ReturnType<typeof createReviewMail>;

const langOf = (value: string): Lang => (isLang(value) ? value : 'fr');

/** Builds the review steps' mail over the outbox; `nudge` asks the mailer to deliver now. */
export function createReviewMail(ctx: AppContext, nudge: () => void) {
  // Every read goes through the caller's transaction: on SQLite, reaching for ctx.db while a
  // transaction holds the one connection would wait forever.
  const categoryName = async (db: Db, slug: string, lang: Lang) => {
    const category = await findCategory(db, slug);
    return category ? (lang === 'fr' ? category.name_fr : category.name_en) : slug;
  };
  const workplaceName = async (db: Db, nomination: Nomination) =>
    nomination.workplace_id ? ((await findWorkplaceById(db, nomination.workplace_id))?.name ?? '') : (nomination.workplace_name ?? '');

  const claimLinkMail = async (
    db: Db,
    to: string,
    lang: Lang,
    input: { nomination: Nomination; claimUrl: string; claimExpiresAt: string },
  ) => {
    const message = templates.claimLink(lang, {
      firstName: input.nomination.staff_first_name,
      categoryName: await categoryName(db, input.nomination.category_slug, lang),
      workplaceName: await workplaceName(db, input.nomination),
      claimUrl: input.claimUrl,
      expiresOn: formatDate(input.claimExpiresAt, lang),
    });
    // The employee's address is not kept once the link is sent.
    await enqueueMail(db, { to, lang, template: 'claimLink', ...message, forgetAfterSending: true }, ctx.clock.now());
  };

  return {
    nudge,

    /** After a nomination arrives: its workplace's reviewers (or the admins, for a business not on Élan) are told. */
    async onSubmitted(trx: Trx, nomination: Nomination, withdrawUrl: string) {
      for (const reviewer of await whoReviews(trx, nomination.workplace_id)) {
        const lang = langOf(reviewer.lang);
        const message = templates.newNomination(lang, {
          firstName: nomination.staff_first_name,
          categoryName: await categoryName(trx, nomination.category_slug, lang),
          workplaceName: await workplaceName(trx, nomination),
          reviewUrl: `${ctx.config.publicUrl}/manage/nominations/${nomination.id}`,
        });
        await enqueueMail(trx, { to: reviewer.email, lang, template: 'newNomination', ...message }, ctx.clock.now());
      }
      if (nomination.nominator_email) {
        const lang = langOf(nomination.lang);
        const message = templates.nominationConfirmation(lang, {
          firstName: nomination.staff_first_name,
          nominatorName: nomination.nominator_name,
          withdrawUrl,
        });
        await enqueueMail(trx, { to: nomination.nominator_email, lang, template: 'nominationConfirmation', ...message }, ctx.clock.now());
      }
    },

    /** After approval: the claim link to the employee if the reviewer typed their email, a kind word to the nominator. */
    onApproved(employeeEmail: string | null) {
      return async (trx: Trx, award: ApprovedAward) => {
        const n = award.nomination;
        if (employeeEmail)
          await claimLinkMail(trx, employeeEmail, langOf(n.lang), {
            nomination: n,
            claimUrl: award.claimUrl,
            claimExpiresAt: award.claimExpiresAt,
          });
        if (n.nominator_email) {
          const lang = langOf(n.lang);
          const message = templates.nominationApproved(lang, { firstName: n.staff_first_name, nominatorName: n.nominator_name });
          await enqueueMail(trx, { to: n.nominator_email, lang, template: 'nominationApproved', ...message }, ctx.clock.now());
        }
      };
    },

    /** After a decline: a kind note to the nominator, with the reason only if the reviewer chose to share it. */
    onDeclined(sharedReason: string | null) {
      return async (trx: Trx, n: Nomination) => {
        if (!n.nominator_email) return;
        const lang = langOf(n.lang);
        const message = templates.nominationDeclined(lang, {
          firstName: n.staff_first_name,
          nominatorName: n.nominator_name,
          sharedReason,
        });
        await enqueueMail(trx, { to: n.nominator_email, lang, template: 'nominationDeclined', ...message }, ctx.clock.now());
      };
    },

    /** Mails a re-issued claim link to the employee. */
    async sendClaimLink(to: string, lang: Lang, link: { claimUrl: string; claimExpiresAt: string; nominationId: string }) {
      const nomination = await ctx.db.selectFrom('nominations').selectAll().where('id', '=', link.nominationId).executeTakeFirstOrThrow();
      await claimLinkMail(ctx.db, to, lang, { nomination, ...link });
      nudge();
    },

    /** Mails a manager's invite. */
    async sendInvite(invite: { email: string; inviteUrl: string; workplaceName: string; lang: Lang }) {
      const message = templates.managerInvite(invite.lang, { workplaceName: invite.workplaceName, inviteUrl: invite.inviteUrl });
      await enqueueMail(ctx.db, { to: invite.email, lang: invite.lang, template: 'managerInvite', ...message }, ctx.clock.now());
      nudge();
    },
  };
}
