import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { AppContext } from '../context.ts';
import { clientAddress } from '../http/client-address.ts';
import { type AppContextHono, type AppEnv, pageProps, sitePath } from '../http/env.ts';
import { formErrors } from '../http/form-errors.ts';
import { readForm } from '../http/read-form.ts';
import { readJson } from '../http/read-json.ts';
import { AppError } from '../lib/errors.ts';
import { parseInput } from '../lib/validation.ts';
import { assertSession } from './actor.ts';
import { LoginPage, SetPasswordPage } from './auth-pages.tsx';
import { apiTokenRequest, createApiToken, createSession, listApiTokens, revokeApiToken, signIn, signOut } from './auth-service.ts';
import { requireSignIn, SESSION_COOKIE, safeNext, setSessionCookie } from './guards.ts';
import { acceptInvite, openInvite } from './invite-service.ts';

/** Sign-in, sign-out, the first admin's setup link and managers' invites. */
export function authPages(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  const secure = ctx.config.publicUrl.startsWith('https:');

  const startSession = async (c: AppContextHono, token: string) => setSessionCookie(c, token, secure);

  app.get('/login', (c) => {
    const next = safeNext(c.req.query('next'), ctx.config.publicUrl);
    if (c.get('actor')) return c.redirect(next, 303);
    return c.html(<LoginPage {...pageProps(c)} next={next} email="" />);
  });

  app.post('/login', async (c) => {
    const form = await readForm(c);
    const next = safeNext(form.next, ctx.config.publicUrl);
    try {
      const { token } = await signIn(ctx, form.email ?? '', form.password ?? '', clientAddress(c, ctx.config.trustProxy));
      await startSession(c, token);
      return c.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 401 && error.status !== 403 && error.status !== 429)) throw error;
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return c.html(
        <LoginPage {...pageProps(c)} next={next} email={form.email ?? ''} message={c.get('t')(error.messageKey)} />,
        error.status,
      );
    }
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await signOut(ctx, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
    return c.redirect('/', 303);
  });

  const invitePage = async (
    c: AppContextHono,
    kind: 'setup' | 'invite',
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
    status: 200 | 400 = 200,
  ) => {
    const invite = await openInvite(ctx, c.req.param('token') ?? '');
    const t = c.get('t');
    const expected = kind === 'setup' ? 'admin' : 'manager';
    if (invite.role !== expected) throw new AppError('invite_unknown', 404, 'auth.inviteUnknown');
    const name = invite.workplace_name ?? '';
    return c.html(
      <SetPasswordPage
        {...pageProps(c)}
        title={kind === 'setup' ? t('auth.setup.title') : t('auth.invite.title', { workplace: name })}
        lead={kind === 'setup' ? t('auth.setup.lead') : t('auth.invite.lead', { workplace: name })}
        action={sitePath(c.req.path)}
        email={kind === 'setup' ? null : invite.email}
        values={values}
        errors={errors}
        message={status === 400 ? t('error.validation') : undefined}
      />,
      status,
    );
  };

  const acceptPage = async (c: AppContextHono, kind: 'setup' | 'invite') => {
    const form = await readForm(c);
    const token = c.req.param('token') ?? '';
    try {
      const user = await acceptInvite(ctx, token, { email: form.email, password: form.password ?? '', lang: c.get('lang') });
      await startSession(c, await createSession(ctx, user.id));
      return c.redirect('/manage', 303);
    } catch (error) {
      const failed = error instanceof AppError && error.status === 400 ? formErrors(error, c.get('t')) : null;
      if (!failed) throw error;
      return invitePage(c, kind, { email: form.email ?? '' }, failed.errors, 400);
    }
  };

  app.get('/setup/:token', (c) => invitePage(c, 'setup'));
  app.post('/setup/:token', (c) => acceptPage(c, 'setup'));
  app.get('/invite/:token', (c) => invitePage(c, 'invite'));
  app.post('/invite/:token', (c) => acceptPage(c, 'invite'));
  return app;
}

/** POST /api/v1/tokens (make one from a session, shown once), GET (the caller's, no secrets), DELETE /:id (revoke). */
export function tokenApi(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.use(requireSignIn());
  app.post('/', async (c) => {
    const actor = c.get('actor')!;
    // A token asking is refused before its body is read: what it sent does not matter.
    assertSession(actor);
    const request = parseInput(apiTokenRequest, await readJson(c, { optional: true }));
    return c.json(await createApiToken(ctx, actor, request.name, request.expiresInDays), 201);
  });
  app.get('/', async (c) => c.json({ items: await listApiTokens(ctx, c.get('actor')!) }));
  app.delete('/:id', async (c) => {
    await revokeApiToken(ctx, c.get('actor')!, c.req.param('id'));
    return c.body(null, 204);
  });
  return app;
}
