import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { sql } from 'kysely';
import { peoplePages, tokenPages } from './auth/access-routes.tsx';
import { authPages, tokenApi } from './auth/auth-routes.tsx';
import { csrfProtection } from './auth/csrf.ts';
import { authenticate } from './auth/guards.ts';
import { accountApi, accountPages, passwordResetPages } from './auth/password-routes.tsx';
import type { ResetMailer } from './auth/password-service.ts';
import { peopleApi } from './auth/people-api.ts';
import { awardApi } from './awards/award-api.ts';
import { awardCredentialRoutes, hostedAssertionRoutes } from './awards/award-document-routes.ts';
import { hostedAssertion } from './awards/hosted-assertion.ts';
import { categoryPages } from './categories/category-page-routes.tsx';
import { categoryApi } from './categories/category-routes.ts';
import { badgeImageRoutes, badgeRoutes } from './claims/badge-routes.tsx';
import { claimApi, claimPages } from './claims/claim-routes.tsx';
import type { AppContext } from './context.ts';
import { credentialRoutes } from './credentials/credential-routes.ts';
import { VERIFY_UPLOAD_LIMIT, verifyRoutes } from './credentials/verify-routes.tsx';
import { homePages } from './home/home-routes.tsx';
import { assetRoutes } from './http/assets.ts';
import { limitBody } from './http/body-limit.ts';
import { type AppEnv, isApiPath, pageProps } from './http/env.ts';
import { noStore } from './http/no-store.ts';
import { securityHeaders } from './http/security-headers.ts';
import { detectLang, isLang, type Lang, translator } from './i18n/index.ts';
import { AppError, notFound } from './lib/errors.ts';
import { sendInvite, sendPasswordReset } from './mail/notifications.ts';
import { challengeWidgetAssets } from './nominations/challenge-widget.tsx';
import { challengeApi, nominationApi, nominationPages } from './nominations/nomination-routes.tsx';
import { managePages } from './review/manage-routes.tsx';
import { reviewApi } from './review/review-api.ts';
import { ErrorPage } from './views/layout.tsx';
import { counterCardRoutes } from './wall/counter-card-routes.ts';
import { publicWallPages, wallPages, workplaceLinks } from './wall/wall-routes.tsx';
import { type InviteMailer, workplaceApi } from './workplaces/workplace-api.ts';
import { workplacePages } from './workplaces/workplace-routes.tsx';

const BODY_LIMIT = 64 * 1024;

// Pages reached by a private link or behind a sign-in (each pattern covers its bare path too: `/me/*` is `/me` and below).
const PRIVATE_PAGES = ['/manage/*', '/claim/*', '/my/*', '/n/*', '/invite/*', '/setup/*', '/me/*'];

/** Builds the HTTP application over a context: middleware, routers, and one error handler. */
export function createApp(ctx: AppContext) {
  const app = new Hono<AppEnv>();

  // Public documents read by every visitor and verifier (a stored badge image, a hosted
  // assertion) come before the middleware below: they set no cookie, read no session, take no
  // body, and carry their own headers, so answering them is a lookup and a write.
  app.route('/', badgeImageRoutes(ctx));
  app.route('/', hostedAssertionRoutes(ctx));

  app.use(async (c, next) => {
    const param = c.req.query('lang');
    const lang = requestLang(c);
    if (isLang(param) && param !== getCookie(c, 'lang')) {
      setCookie(c, 'lang', param, { path: '/', maxAge: 365 * 86_400, sameSite: 'Lax', httpOnly: true });
    }
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  });

  app.use(securityHeaders());
  const privatePage = noStore();
  for (const path of PRIVATE_PAGES) app.use(path, privatePage);

  const tooLarge = (key: 'error.bodyTooLarge' | 'verify.tooLarge') => () => {
    throw new AppError('body_too_large', 413, key);
  };
  const smallBodies = limitBody({ maxSize: BODY_LIMIT, onError: tooLarge('error.bodyTooLarge') });
  // A badge file to verify may be larger than a form, up to the upload cap (plus the multipart envelope).
  const uploads = limitBody({ maxSize: VERIFY_UPLOAD_LIMIT + 64 * 1024, onError: tooLarge('verify.tooLarge') });
  app.use((c, next) => (c.req.path === '/verify' || c.req.path === '/api/v1/verify' ? uploads(c, next) : smallBodies(c, next)));

  app.use(csrfProtection([new URL(ctx.config.publicUrl).origin]));
  app.use(authenticate(ctx));

  app.get('/healthz', async (c) => {
    await sql`select 1`.execute(ctx.db);
    return c.json({ ok: true, db: ctx.dialect });
  });
  app.route('/assets', assetRoutes(['app.css', 'favicon.svg', 'wall.css', 'wall-screen.js'], challengeWidgetAssets()));
  const mailInvite: InviteMailer = (invite) => sendInvite(ctx, invite);
  const mailPasswordReset: ResetMailer = (db, reset) => sendPasswordReset(ctx, db, reset);
  app.route('/api/v1/categories', categoryApi(ctx));
  app.route('/api/v1/nominations', nominationApi(ctx));
  app.route('/api/v1/challenge', challengeApi(ctx));
  app.route('/api/v1', reviewApi(ctx));
  app.route('/api/v1/workplaces', workplaceApi(ctx, mailInvite));
  app.route('/api/v1/tokens', tokenApi(ctx));
  app.route('/api/v1/users', peopleApi(ctx));
  app.route('/api/v1/account', accountApi(ctx));
  app.route('/api/v1/claims', claimApi(ctx));
  app.route('/api/v1/awards', awardApi(ctx));
  app.route('/manage/workplaces', workplacePages(ctx, mailInvite, workplaceLinks));
  app.route('/manage/categories', categoryPages(ctx));
  app.route('/manage/people', peoplePages(ctx));
  app.route('/manage/tokens', tokenPages(ctx));
  app.route('/manage/account', accountPages(ctx));
  app.route('/manage', managePages(ctx));
  app.route('/manage', wallPages(ctx));
  app.route('/', homePages(ctx));
  app.route('/', nominationPages(ctx));
  app.route('/', authPages(ctx));
  app.route('/', passwordResetPages(ctx, mailPasswordReset));
  app.route('/', claimPages(ctx));
  app.route('/', badgeRoutes(ctx));
  // /verify looks an award's assertion up through awards/, which the standards layer does not import.
  const findHostedAssertion = (awardId: string) => hostedAssertion(ctx, awardId);
  app.route('/', awardCredentialRoutes(ctx));
  app.route('/', credentialRoutes(ctx));
  app.route('/', verifyRoutes(ctx, findHostedAssertion));
  app.route('/', publicWallPages(ctx));
  app.route('/', counterCardRoutes(ctx));

  app.notFound((_c) => {
    throw notFound();
  });

  app.onError((error, c) => {
    // The public documents answer before the language middleware: their errors find it here.
    const lang = c.get('lang') ?? requestLang(c);
    const t = c.get('t') ?? translator(lang);
    const appError = toAppError(error);
    if (!appError) {
      ctx.logger.error('unhandled error', { path: c.req.path, error: String((error as Error).stack ?? error) });
    }
    const e = appError ?? new AppError('internal', 500, 'error.internal');
    for (const [name, value] of Object.entries(e.headers ?? {})) c.header(name, value);
    const message = t(e.messageKey);
    if (isApiPath(c.req.path) || !(c.req.header('accept') ?? '').includes('text/html')) {
      const fields = e.fields ? Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, t(v)])) : undefined;
      return c.json({ error: { code: e.code, message, ...(fields ? { fields } : {}) } }, e.status);
    }
    c.set('lang', lang);
    c.set('t', t);
    return c.html(<ErrorPage {...pageProps(c)} message={message} />, e.status);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;

/** The language a request asks for: `?lang=`, then the cookie, then Accept-Language. */
function requestLang(c: Context<AppEnv>): Lang {
  return detectLang({ param: c.req.query('lang'), cookie: getCookie(c, 'lang'), acceptLanguage: c.req.header('accept-language') });
}

/** Maps what was thrown to an error the caller can be told about; null for our own faults. */
function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new AppError('body_too_large', 413, 'error.bodyTooLarge');
    if (error.status === 405) return new AppError('method_not_allowed', 405, 'error.methodNotAllowed');
    if (error.status < 500) return new AppError('bad_request', error.status as 400, 'error.badRequest');
  }
  if (isDatabaseUnavailable(error)) return new AppError('unavailable', 503, 'error.unavailable', undefined, { 'Retry-After': '5' });
  // PostgreSQL cannot hold a NUL character in text (SQLite can): a NUL typed into a field, a path or a
  // query reaches a statement and is refused there. Nothing the app writes holds one; the request does.
  if ((error as { code?: unknown })?.code === PG_NUL_IN_TEXT) return new AppError('bad_request', 400, 'error.badRequest');
  return null;
}

const PG_NUL_IN_TEXT = '22021';

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', 'SQLITE_BUSY']);

/** Whether an error means the database cannot be reached right now (the request may succeed later). */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const message = String((error as Error)?.message ?? '');
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}
