import { Hono } from 'hono';
import { z } from 'zod';
import { requireSignIn } from '../auth/guards.ts';
import { findAward } from '../awards/award-queries.ts';
import { revokeAward } from '../awards/revocation-service.ts';
import { listAllCategories } from '../categories/category-service.ts';
import type { AppContext } from '../context.ts';
import { type AppContextHono, type AppEnv, pageProps } from '../http/env.ts';
import { formErrors } from '../http/form-errors.ts';
import { readForm, readFormLists } from '../http/read-form.ts';
import { type AppError, notFound } from '../lib/errors.ts';
import { optionalEmailAddress, parseInput } from '../lib/validation.ts';
import { findWorkplaceById, listWorkplaces } from '../workplaces/workplace-queries.ts';
import { ClaimLinkPage, NominationPage, QueuePage } from './manage-pages.tsx';
import { findUserEmails } from './review-queries.ts';
import {
  approveNomination,
  attachToWorkplace,
  declineAsSpam,
  declineNomination,
  getNominationForReview,
  listNominations,
  overdueBefore,
  reissueClaimLink,
} from './review-service.ts';

// The approval form's one field: the employee's address, by the API's email rule.
const approvalForm = z.object({ employeeEmail: optionalEmailAddress });

/** /manage: the review queue, one nomination, approve, decline (one, or spam by the batch), attach, claim links. */
export function managePages(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.use(requireSignIn());
  const props = (c: AppContextHono) => ({ ...pageProps(c), actor: c.get('actor')! });

  /** The queue; after a refused batch decline, with what was ticked and typed, and the message. */
  const queuePage = async (
    c: AppContextHono,
    state: { selected?: string[]; reason?: string; errors?: Record<string, string>; message?: string } = {},
    status: 200 | 400 | 409 = 200,
  ) => {
    const actor = c.get('actor')!;
    const t = c.get('t');
    const cursor = c.req.query('cursor');
    const [pending, categories] = await Promise.all([listNominations(ctx, actor, { status: 'submitted', cursor }), listAllCategories(ctx)]);
    const sections = [{ title: t('manage.queue.title'), rows: pending.items, next: pending.next, moreHref: '/manage' }];
    if (actor.role === 'admin' && !cursor) {
      const [overdue, unlisted] = await Promise.all([
        listNominations(ctx, actor, { status: 'submitted', overdue: true, limit: 20 }),
        listNominations(ctx, actor, { status: 'submitted', unlisted: true, limit: 20 }),
      ]);
      sections.push({
        title: t('manage.queue.overdue', { days: ctx.config.reviewWindowDays }),
        rows: overdue.items,
        next: null,
        moreHref: '/manage',
      });
      sections.push({ title: t('manage.queue.unlisted'), rows: unlisted.items, next: null, moreHref: '/manage' });
    }
    const declined = Number(c.req.query('declined'));
    return c.html(
      <QueuePage
        {...props(c)}
        sections={sections}
        categories={new Map(categories.map((x) => [x.slug, x]))}
        overdueBefore={overdueBefore(ctx)}
        spam={{
          selected: new Set(state.selected ?? []),
          reason: state.reason ?? t('spam.reason.default'),
          errors: state.errors ?? {},
        }}
        message={state.message}
        notice={Number.isSafeInteger(declined) && declined > 0 ? t('spam.done', { count: declined }) : undefined}
      />,
      status,
    );
  };

  app.get('/', (c) => queuePage(c));

  // Spam declined by the batch: the ticked nominations of the queue, one reason for all.
  app.post('/nominations/decline', async (c) => {
    const form = await readFormLists(c);
    const ids = form.ids ?? [];
    const reason = form.reason?.[0] ?? '';
    try {
      const declined = await declineAsSpam(ctx, c.get('actor')!, ids, reason);
      return c.redirect(`/manage?declined=${declined.length}`, 303);
    } catch (error) {
      const failed = formErrors(error, c.get('t'));
      if (!failed) throw error;
      return queuePage(c, { selected: ids, reason, ...failed }, (error as AppError).status as 400 | 409);
    }
  });

  const nominationPage = async (
    c: AppContextHono,
    id: string,
    state: { values?: Record<string, string>; errors?: Record<string, string>; message?: string } = {},
    status: 200 | 400 | 409 = 200,
  ) => {
    const actor = c.get('actor')!;
    const { nomination, events, award } = await getNominationForReview(ctx, actor, id);
    const [categories, workplace, workplaces] = await Promise.all([
      listAllCategories(ctx),
      nomination.workplace_id ? findWorkplaceById(ctx.db, nomination.workplace_id) : undefined,
      actor.role === 'admin' && !nomination.workplace_id ? listWorkplaces(ctx.db) : [],
    ]);
    const userIds = [...new Set(events.filter((e) => e.actor.startsWith('user:')).map((e) => e.actor.slice(5)))];
    const users = await findUserEmails(ctx.db, userIds);
    return c.html(
      <NominationPage
        {...props(c)}
        nomination={nomination}
        events={events}
        award={award}
        category={categories.find((x) => x.slug === nomination.category_slug)}
        workplace={workplace}
        workplaces={workplaces}
        values={state.values ?? {}}
        errors={state.errors ?? {}}
        message={state.message}
        actors={new Map(users.map((u) => [u.id, u.email]))}
      />,
      status,
    );
  };

  app.get('/nominations/:id', (c) => nominationPage(c, c.req.param('id')));

  /** Runs a reviewer's decision from a form; a refusal re-renders the nomination with the message. */
  const decide = async (c: AppContextHono, action: (form: Record<string, string>, id: string) => Promise<Response>) => {
    const form = await readForm(c);
    const id = c.req.param('id') ?? '';
    try {
      return await action(form, id);
    } catch (error) {
      const failed = formErrors(error, c.get('t'));
      if (!failed) throw error;
      return nominationPage(c, id, { values: form, ...failed }, (error as AppError).status as 400 | 409);
    }
  };

  app.post('/nominations/:id/approve', (c) =>
    decide(c, async (form, id) => {
      const email = parseInput(approvalForm, form).employeeEmail;
      const award = await approveNomination(ctx, c.get('actor')!, id, { employeeEmail: email });
      return c.html(
        <ClaimLinkPage
          {...props(c)}
          name={award.nomination.staff_first_name}
          claimUrl={award.claimUrl}
          expiresAt={award.claimExpiresAt}
          mailed={email !== null}
          nominationId={id}
        />,
      );
    }),
  );

  app.post('/nominations/:id/decline', (c) =>
    decide(c, async (form, id) => {
      const reason = form.reason ?? '';
      await declineNomination(ctx, c.get('actor')!, id, reason, { shareReason: form.shareReason === 'on' });
      return c.redirect(`/manage/nominations/${id}`, 303);
    }),
  );

  app.post('/nominations/:id/attach', (c) =>
    decide(c, async (form, id) => {
      await attachToWorkplace(ctx, c.get('actor')!, id, form.workplace ?? '');
      return c.redirect(`/manage/nominations/${id}`, 303);
    }),
  );

  app.post('/awards/:id/revoke', async (c) => {
    const form = await readForm(c);
    const award = await findAward(ctx.db, c.req.param('id'));
    if (!award) throw notFound();
    try {
      await revokeAward(ctx, c.get('actor'), award.id, form.reason ?? '');
      return c.redirect(`/manage/nominations/${award.nomination_id}`, 303);
    } catch (error) {
      const failed = formErrors(error, c.get('t'));
      if (!failed) throw error;
      return nominationPage(c, award.nomination_id, { values: form, ...failed }, (error as AppError).status as 400 | 409);
    }
  });

  app.post('/awards/:id/claim-link', async (c) => {
    const form = await readForm(c);
    const award = await findAward(ctx.db, c.req.param('id'));
    if (!award) throw notFound();
    try {
      const email = parseInput(approvalForm, form).employeeEmail;
      const link = await reissueClaimLink(ctx, c.get('actor')!, award.id, email ? { email, lang: c.get('lang') } : null);
      const nomination = await getNominationForReview(ctx, c.get('actor')!, link.nominationId);
      return c.html(
        <ClaimLinkPage
          {...props(c)}
          name={nomination.nomination.staff_first_name}
          claimUrl={link.claimUrl}
          expiresAt={link.claimExpiresAt}
          mailed={email !== null}
          nominationId={link.nominationId}
        />,
      );
    } catch (error) {
      const failed = formErrors(error, c.get('t'));
      if (!failed) throw error;
      return nominationPage(c, award.nomination_id, { values: form, ...failed }, (error as AppError).status as 400 | 409);
    }
  });

  return app;
}
