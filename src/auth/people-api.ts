import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import type { AppEnv } from '../http/env.ts';
import { requireSignIn } from './guards.ts';
import { disableAccount, enableAccount, endApiToken, endSession, listPeople } from './people-service.ts';

/**
 * /api/v1/users (admin): everyone's access, sessions and tokens; disable and enable an account, end one
 * session, revoke one token.
 */
export function peopleApi(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.use(requireSignIn());

  app.get('/', async (c) => c.json({ items: await listPeople(ctx, c.get('actor')) }));

  app.post('/:userId/disable', async (c) => {
    await disableAccount(ctx, c.get('actor'), c.req.param('userId'));
    return c.json({ id: c.req.param('userId'), disabled: true });
  });

  app.post('/:userId/enable', async (c) => {
    await enableAccount(ctx, c.get('actor'), c.req.param('userId'));
    return c.json({ id: c.req.param('userId'), disabled: false });
  });

  app.delete('/:userId/sessions/:sessionId', async (c) => {
    await endSession(ctx, c.get('actor'), c.req.param('userId'), c.req.param('sessionId'));
    return c.body(null, 204);
  });

  app.delete('/:userId/tokens/:tokenId', async (c) => {
    await endApiToken(ctx, c.get('actor'), c.req.param('userId'), c.req.param('tokenId'));
    return c.body(null, 204);
  });

  return app;
}
