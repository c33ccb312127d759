import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppContext } from '../context.ts';
import { clientAddress } from '../http/client-address.ts';
import { type AppContextHono, type AppEnv, pageProps } from '../http/env.ts';
import { formErrors } from '../http/form-errors.ts';
import { readForm } from '../http/read-form.ts';
import { readJson } from '../http/read-json.ts';
import { AppError } from '../lib/errors.ts';
import { SetPasswordPage } from './auth-pages.tsx';
import { requireSignIn, SESSION_COOKIE, setSessionCookie } from './guards.ts';
import { AccountPage, ResetRequestPage, ResetSentPage } from './password-pages.tsx';
import {
  changePassword,
  completePasswordReset,
  type OpenPasswordReset,
  openPasswordReset,
  RESET_MINUTES,
  type ResetMailer,
  requestPasswordReset,
} from './password-service.ts';

// A page holding a password form, or reached by a secret link, is not kept by any cache.
const NO_STORE = { 'Cache-Control': 'no-store' };

/** The token of the session a request comes with; null through an API token. */
function currentSession(c: AppContextHono): string | null {
  return c.get('actor')?.via === 'session' ? (getCookie(c, SESSION_COOKIE) ?? null) : null;
}

/** Copies an error's headers (Retry-After) onto a page that shows it. */
function withHeaders(c: AppContextHono, error: AppError): void {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
}

/**
 * /password-reset: ask for a link by email (the same answer for any address), and the mailed
 * /password-reset/:token, which sets a new password, ends every session of the account and signs
 * the person in afresh (then /manage).
 */
export function passwordResetPages(ctx: AppContext, mail: ResetMailer) {
  const app = new Hono<AppEnv>();
  const secure = ctx.config.publicUrl.startsWith('https:');

  app.get('/password-reset', (c) => c.html(<ResetRequestPage {...pageProps(c)} email="" />));

  app.post('/password-reset', async (c) => {
    const form = await readForm(c);
    try {
      const { email } = await requestPasswordReset(
        ctx,
        { email: form.email },
        { clientAddress: clientAddress(c, ctx.config.trustProxy), lang: c.get('lang') },
        mail,
      );
      return c.html(<ResetSentPage {...pageProps(c)} email={email} minutes={RESET_MINUTES} />);
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 429)) throw error;
      withHeaders(c, error);
      const t = c.get('t');
      const field = error.fields?.email;
      return c.html(
        <ResetRequestPage {...pageProps(c)} email={form.email ?? ''} error={field ? t(field) : undefined} message={t(error.messageKey)} />,
        error.status,
      );
    }
  });

  // A link that does not work (unknown, used, expired) says why and offers a new one.
  const deadLink = (c: AppContextHono, error: unknown) => {
    if (!(error instanceof AppError) || (error.status !== 404 && error.status !== 410)) throw error;
    return c.html(<ResetRequestPage {...pageProps(c)} email="" message={c.get('t')(error.messageKey)} />, error.status, NO_STORE);
  };

  const choosePage = (c: AppContextHono, reset: OpenPasswordReset, errors: Record<string, string> = {}, status: 200 | 400 = 200) => {
    const t = c.get('t');
    return c.html(
      <SetPasswordPage
        {...pageProps(c)}
        title={t('passwords.choose.title')}
        lead={t('passwords.choose.lead')}
        action={c.req.path}
        email={reset.email}
        values={{}}
        errors={errors}
        message={status === 400 ? t('error.validation') : undefined}
        submit={t('passwords.choose.submit')}
      />,
      status,
      NO_STORE,
    );
  };

  app.get('/password-reset/:token', async (c) => {
    let reset: OpenPasswordReset;
    try {
      reset = await openPasswordReset(ctx, c.req.param('token'));
    } catch (error) {
      return deadLink(c, error);
    }
    return choosePage(c, reset);
  });

  app.post('/password-reset/:token', async (c) => {
    const form = await readForm(c);
    let reset: OpenPasswordReset;
    try {
      reset = await openPasswordReset(ctx, c.req.param('token'));
    } catch (error) {
      return deadLink(c, error);
    }
    try {
      setSessionCookie(c, await completePasswordReset(ctx, reset, { password: form.password }), secure);
      return c.redirect('/manage', 303);
    } catch (error) {
      const failed = formErrors(error, c.get('t'));
      if (!failed) return deadLink(c, error);
      return choosePage(c, reset, failed.errors, 400);
    }
  });

  return app;
}

/** /manage/account: the signed-in person's account, where they change their password. */
export function accountPages(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.use(requireSignIn());

  const page = (
    c: AppContextHono,
    state: { errors?: Record<string, string>; message?: string; notice?: string } = {},
    status: 200 | 400 | 429 = 200,
  ) =>
    c.html(
      <AccountPage {...pageProps(c)} actor={c.get('actor')!} errors={state.errors ?? {}} message={state.message} notice={state.notice} />,
      status,
      NO_STORE,
    );

  app.get('/', (c) => page(c));
  app.post('/', async (c) => {
    const form = await readForm(c);
    try {
      await changePassword(
        ctx,
        c.get('actor')!,
        { currentPassword: form.currentPassword, newPassword: form.newPassword },
        currentSession(c),
      );
      return page(c, { notice: c.get('t')('passwords.changed') });
    } catch (error) {
      if (error instanceof AppError && error.status === 429) {
        withHeaders(c, error);
        return page(c, { message: c.get('t')(error.messageKey) }, 429);
      }
      const failed = formErrors(error, c.get('t'));
      if (!failed) throw error;
      return page(c, failed, 400);
    }
  });
  return app;
}

/** POST /api/v1/account/password {currentPassword, newPassword} → 204; the account's other sessions end. */
export function accountApi(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.use(requireSignIn());
  app.post('/password', async (c) => {
    await changePassword(ctx, c.get('actor')!, await readJson(c), currentSession(c));
    return c.body(null, 204);
  });
  return app;
}
