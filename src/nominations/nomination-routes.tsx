import { Hono } from 'hono';
import { listActiveCategories } from '../categories/category-queries.ts';
import type { AppContext } from '../context.ts';
import { clientAddress } from '../http/client-address.ts';
import { type AppContextHono, type AppEnv, pageProps, sitePath } from '../http/env.ts';
import { formErrors } from '../http/form-errors.ts';
import { readForm } from '../http/read-form.ts';
import { readJson } from '../http/read-json.ts';
import { isoDay } from '../lib/clock.ts';
import { AppError, notFound } from '../lib/errors.ts';
import { findWorkplaceBySlug, listWorkplaces } from '../workplaces/workplace-queries.ts';
import { newChallenge } from './challenge-service.ts';
import { formToInput } from './nomination-input.ts';
import { NominatePage, ThanksPage } from './nomination-pages.tsx';
import { findNominationByWithdrawToken } from './nomination-queries.ts';
import { NominationInvalid, submitNomination, withdrawNomination } from './nomination-service.ts';

/** GET /api/v1/challenge: a new proof-of-work challenge, for the form's widget or an API client. */
export function challengeApi(ctx: AppContext) {
  return new Hono<AppEnv>().get('/', async (c) => {
    // Each is signed for ten minutes and spent once: a cached one would be stale or spent.
    c.header('Cache-Control', 'no-store');
    return c.json(await newChallenge(ctx.hashKey, ctx.clock.now()));
  });
}

/** POST /api/v1/nominations: a nomination as JSON → 201 {id, status}. */
export function nominationApi(ctx: AppContext) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const request = { clientAddress: clientAddress(c, ctx.config.trustProxy), lang: c.get('lang'), read: () => readJson(c) };
    const nomination = await submitNomination(ctx, request);
    return c.json({ id: nomination.id, status: nomination.status }, 201);
  });
}

/** The nomination pages: the open form, the form from a workplace's QR code, and the thank-you page. */
export function nominationPages(ctx: AppContext) {
  const app = new Hono<AppEnv>();

  const renderForm = async (
    c: AppContextHono,
    workplaceSlug: string | null,
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
    status: 200 | 400 = 200,
  ) => {
    const workplace = workplaceSlug ? await findWorkplaceBySlug(ctx.db, workplaceSlug) : null;
    if (workplaceSlug && !workplace) throw notFound();
    const [workplaces, categories] = await Promise.all([workplace ? [] : listWorkplaces(ctx.db), listActiveCategories(ctx.db)]);
    const t = c.get('t');
    return c.html(
      <NominatePage
        {...pageProps(c)}
        action={sitePath(c.req.path)}
        workplace={workplace ?? null}
        workplaces={workplaces}
        categories={categories}
        values={values}
        errors={errors}
        message={status === 400 ? t('error.validation') : undefined}
        today={isoDay(ctx.clock.now())}
        challenge={ctx.config.nominationChallenge}
      />,
      status,
    );
  };

  const submitForm = async (c: AppContextHono, workplaceSlug: string | null) => {
    const form = await readForm(c);
    // A filled honeypot is a robot: it is shown the same thanks and nothing is stored.
    if (form.website) return c.html(<ThanksPage {...pageProps(c)} staffFirstName={form.staffFirstName ?? ''} workplaceListed={true} />);
    const request = {
      clientAddress: clientAddress(c, ctx.config.trustProxy),
      lang: c.get('lang'),
      read: () => formToInput(form, workplaceSlug ?? undefined),
    };
    try {
      const nomination = await submitNomination(ctx, request);
      return c.redirect(`/n/${nomination.withdrawToken}`, 303);
    } catch (error) {
      const failed = error instanceof NominationInvalid ? formErrors(error, c.get('t'), (field) => formField(field, form)) : null;
      if (!failed) throw error;
      return renderForm(c, workplaceSlug, form, failed.errors, 400);
    }
  };

  app.get('/nominate', (c) => renderForm(c, null));
  app.post('/nominate', (c) => submitForm(c, null));
  app.get('/w/:slug/nominate', (c) => renderForm(c, c.req.param('slug')));
  app.post('/w/:slug/nominate', (c) => submitForm(c, c.req.param('slug')));

  const ownPage = async (c: AppContextHono, notice?: string) => {
    const token = c.req.param('token') ?? '';
    const nomination = await findNominationByWithdrawToken(ctx.db, token);
    if (!nomination) throw notFound();
    return c.html(
      <ThanksPage
        {...pageProps(c)}
        staffFirstName={nomination.staff_first_name}
        workplaceListed={nomination.workplace_id !== null}
        withdrawAction={`/n/${token}/withdraw`}
        status={nomination.status}
        notice={notice ?? (nomination.status === 'withdrawn' ? c.get('t')('withdraw.done') : undefined)}
      />,
    );
  };
  app.get('/n/:token', (c) => ownPage(c));
  app.post('/n/:token/withdraw', async (c) => {
    try {
      await withdrawNomination(ctx, c.req.param('token'));
      return ownPage(c, c.get('t')('withdraw.done'));
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 409) throw error;
      return ownPage(c, c.get('t')('withdraw.tooLate'));
    }
  });

  return app;
}

/** Where an API field's error shows on the form. */
function formField(apiField: string, form: Record<string, string>): string {
  if (apiField === 'workplace' && (form.workplace === '_other' || !form.workplace)) {
    if ((form.workplaceName ?? '').trim().length < 2) return 'workplaceName';
    if ((form.workplaceCity ?? '').trim().length < 2) return 'workplaceCity';
  }
  if (apiField === 'workplace.name') return 'workplaceName';
  if (apiField === 'workplace.city') return 'workplaceCity';
  return apiField;
}
