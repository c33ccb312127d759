import { Hono } from 'hono';
import { requireSignIn } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import type { AppEnv } from '../http/env.ts';
import { readJson } from '../http/read-json.ts';
import { notFound } from '../lib/errors.ts';
import { findWorkplaceBySlug } from './workplace-queries.ts';
import {
  createWorkplace,
  inviteManager,
  listManagers,
  listWorkplacesFor,
  managersJson,
  removeManager,
  updateWorkplace,
  workplaceJson,
} from './workplace-service.ts';

export type InviteMailer = (invite: { email: string; inviteUrl: string; workplaceName: string; lang: 'fr' | 'en' }) => Promise<void>;

/** GET/POST /api/v1/workplaces, PATCH /:slug, managers and invites, DELETE a manager. */
export function workplaceApi(ctx: AppContext, sendInvite: InviteMailer) {
  const app = new Hono<AppEnv>();
  app.use(requireSignIn());

  app.get('/', async (c) => c.json({ items: (await listWorkplacesFor(ctx, c.get('actor')!)).map(workplaceJson) }));

  app.post('/', async (c) => {
    const workplace = await createWorkplace(ctx, c.get('actor')!, await readJson(c));
    return c.json(workplaceJson(workplace), 201);
  });

  app.patch('/:slug', async (c) => {
    const workplace = await updateWorkplace(ctx, c.get('actor')!, c.req.param('slug'), await readJson(c));
    return c.json(workplaceJson(workplace));
  });

  app.get('/:slug/managers', async (c) => {
    const workplace = await findWorkplaceBySlug(ctx.db, c.req.param('slug'));
    if (!workplace) throw notFound();
    return c.json(managersJson(await listManagers(ctx, c.get('actor')!, workplace)));
  });

  app.delete('/:slug/managers/:userId', async (c) => {
    await removeManager(ctx, c.get('actor')!, c.req.param('slug'), c.req.param('userId'));
    return c.body(null, 204);
  });

  app.post('/:slug/managers', async (c) => {
    const body = (await readJson(c)) as { email?: unknown } | null;
    const invite = await inviteManager(
      ctx,
      c.get('actor')!,
      c.req.param('slug'),
      typeof body === 'object' && body ? body.email : undefined,
    );
    await sendInvite({
      email: invite.email,
      inviteUrl: invite.inviteUrl,
      workplaceName: invite.workplace.name,
      lang: invite.workplace.lang === 'en' ? 'en' : 'fr',
    });
    return c.json({ inviteUrl: invite.inviteUrl }, 201);
  });

  return app;
}
