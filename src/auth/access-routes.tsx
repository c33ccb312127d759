import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { type AppContextHono, type AppEnv, pageProps } from '../http/env.ts';
import { formErrors } from '../http/form-errors.ts';
import { readForm } from '../http/read-form.ts';
import { AppError } from '../lib/errors.ts';
import { parseInput } from '../lib/validation.ts';
import { PeoplePage, TokensPage } from './access-pages.tsx';
import { assertAdmin, assertSession } from './actor.ts';
import { apiTokenRequest, createApiToken, listApiTokens, revokeApiToken } from './auth-service.ts';
import { requireSignIn } from './guards.ts';
import { disableAccount, enableAccount, endApiToken, endSession, listPeople } from './people-service.ts';

/** /manage/people (admin): everyone's access, sessions and tokens, and the buttons that take them away. */
export function peoplePages(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.use(requireSignIn());
  app.use(async (c, next) => {
    assertAdmin(c.get('actor'));
    await next();
  });

  const page = async (c: AppContextHono, message?: string, status: 200 | 409 = 200) =>
    c.html(
      <PeoplePage
        {...pageProps(c)}
        actor={c.get('actor')!}
        people={await listPeople(ctx, c.get('actor'))}
        now={ctx.clock.now().toISOString()}
        message={message}
      />,
      status,
    );

  // Each action goes back to the list, which shows what changed; the last admin's refusal is said there.
  const act = async (c: AppContextHono, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 409) throw error;
      return page(c, c.get('t')(error.messageKey), 409);
    }
    return c.redirect('/manage/people', 303);
  };

  app.get('/', (c) => page(c));
  app.post('/:userId/disable', (c) => act(c, () => disableAccount(ctx, c.get('actor'), c.req.param('userId'))));
  app.post('/:userId/enable', (c) => act(c, () => enableAccount(ctx, c.get('actor'), c.req.param('userId'))));
  app.post('/:userId/sessions/:sessionId/end', (c) =>
    act(c, () => endSession(ctx, c.get('actor'), c.req.param('userId'), c.req.param('sessionId'))),
  );
  app.post('/:userId/tokens/:tokenId/revoke', (c) =>
    act(c, () => endApiToken(ctx, c.get('actor'), c.req.param('userId'), c.req.param('tokenId'))),
  );
  return app;
}

/**
 * /manage/tokens: a signed-in person's own API tokens; a new one's value is shown once, on the answer that
 * made it (which, as every /manage page, no cache keeps).
 */
export function tokenPages(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.use(requireSignIn());

  const page = async (
    c: AppContextHono,
    state: {
      values?: Record<string, string>;
      errors?: Record<string, string>;
      message?: string;
      created?: { name: string; token: string; expiresAt: string };
    } = {},
    status: 200 | 400 = 200,
  ) =>
    c.html(
      <TokensPage
        {...pageProps(c)}
        actor={c.get('actor')!}
        tokens={await listApiTokens(ctx, c.get('actor')!)}
        now={ctx.clock.now().toISOString()}
        values={state.values ?? {}}
        errors={state.errors ?? {}}
        message={state.message}
        created={state.created}
      />,
      status,
    );

  app.get('/', (c) => page(c));
  app.post('/', async (c) => {
    const actor = c.get('actor')!;
    assertSession(actor);
    const form = await readForm(c);
    try {
      const days = form.expiresInDays?.trim() ? Number(form.expiresInDays) : undefined;
      const request = parseInput(apiTokenRequest, { name: form.name ?? '', ...(days !== undefined ? { expiresInDays: days } : {}) });
      const created = await createApiToken(ctx, actor, request.name, request.expiresInDays);
      return page(c, { created });
    } catch (error) {
      const failed = formErrors(error, c.get('t'));
      if (!failed) throw error;
      return page(c, { values: form, ...failed }, 400);
    }
  });
  app.post('/:id/revoke', async (c) => {
    await revokeApiToken(ctx, c.get('actor')!, c.req.param('id'));
    return c.redirect('/manage/tokens', 303);
  });
  return app;
}
