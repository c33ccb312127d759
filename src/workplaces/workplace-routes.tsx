import { Hono } from 'hono';
import { requireSignIn } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import { type AppContextHono, type AppEnv, pageProps } from '../http/env.ts';
import { formErrors } from '../http/form-errors.ts';
import { readForm } from '../http/read-form.ts';
import { type AppError, notFound } from '../lib/errors.ts';
import type { InviteMailer } from './workplace-api.ts';
import { WorkplacePage, WorkplacesPage } from './workplace-pages.tsx';
import { findWorkplaceBySlug } from './workplace-queries.ts';
import {
  createWorkplace,
  inviteManager,
  listManagers,
  listWorkplacesFor,
  removeManager,
  slugify,
  updateWorkplace,
} from './workplace-service.ts';

export type WorkplaceLinks = (slug: string, t: AppContextHono['var']['t'], publicWall?: boolean) => { href: string; label: string }[];

/** /manage/workplaces: the list, adding one, a workplace's settings, its managers (invited, removed). */
export function workplacePages(ctx: AppContext, sendInvite: InviteMailer, links: WorkplaceLinks = () => []) {
  const app = new Hono<AppEnv>();
  app.use(requireSignIn());
  const props = (c: AppContextHono) => ({ ...pageProps(c), actor: c.get('actor')! });

  const listPage = async (
    c: AppContextHono,
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
    message?: string,
    status: 200 | 400 | 409 = 200,
  ) =>
    c.html(
      <WorkplacesPage
        {...props(c)}
        workplaces={await listWorkplacesFor(ctx, c.get('actor')!)}
        values={values}
        errors={errors}
        message={message}
      />,
      status,
    );

  app.get('/', (c) => listPage(c));
  app.post('/', async (c) => {
    const form = await readForm(c);
    try {
      const workplace = await createWorkplace(ctx, c.get('actor')!, {
        name: form.name ?? '',
        slug: form.slug?.trim() ? form.slug : slugify(`${form.name ?? ''}-${form.city ?? ''}`),
        city: form.city ?? '',
        lang: form.lang === 'en' ? 'en' : 'fr',
      });
      return c.redirect(`/manage/workplaces/${workplace.slug}`, 303);
    } catch (error) {
      const failed = formErrors(error, c.get('t'));
      if (!failed) throw error;
      return listPage(c, form, failed.errors, failed.message, (error as AppError).status as 400 | 409);
    }
  });

  const workplacePage = async (
    c: AppContextHono,
    state: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: string } = {},
    status: 200 | 400 = 200,
  ) => {
    const workplace = await findWorkplaceBySlug(ctx.db, c.req.param('slug') ?? '');
    if (!workplace) throw notFound();
    const { managers, invites } = await listManagers(ctx, c.get('actor')!, workplace);
    return c.html(
      <WorkplacePage
        {...props(c)}
        workplace={workplace}
        managers={managers}
        invited={invites}
        values={state.values ?? {}}
        errors={state.errors ?? {}}
        message={state.message}
        notice={state.notice}
        links={links(workplace.slug, c.get('t'), workplace.public_wall === 1)}
      />,
      status,
    );
  };

  app.get('/:slug', (c) => workplacePage(c));
  app.post('/:slug', async (c) => {
    const form = await readForm(c);
    const actor = c.get('actor')!;
    try {
      await updateWorkplace(ctx, actor, c.req.param('slug'), {
        ...(actor.role === 'admin' ? { name: form.name ?? '', city: form.city ?? '' } : {}),
        lang: form.lang === 'en' ? 'en' : 'fr',
        publicWall: form.publicWall === 'on',
      });
      return workplacePage(c, { notice: c.get('t')('manage.workplaces.saved') });
    } catch (error) {
      const failed = formErrors(error, c.get('t'));
      if (!failed) throw error;
      return workplacePage(c, { values: form, ...failed }, 400);
    }
  });

  app.post('/:slug/managers', async (c) => {
    const form = await readForm(c);
    try {
      const invite = await inviteManager(ctx, c.get('actor')!, c.req.param('slug'), form.email ?? '');
      await sendInvite({
        email: invite.email,
        inviteUrl: invite.inviteUrl,
        workplaceName: invite.workplace.name,
        lang: invite.workplace.lang === 'en' ? 'en' : 'fr',
      });
      return workplacePage(c, { notice: c.get('t')('manage.workplaces.inviteSent', { url: invite.inviteUrl }) });
    } catch (error) {
      const failed = formErrors(error, c.get('t'));
      if (!failed) throw error;
      return workplacePage(c, { values: form, ...failed }, 400);
    }
  });

  app.post('/:slug/managers/:userId/remove', async (c) => {
    const slug = c.req.param('slug');
    await removeManager(ctx, c.get('actor')!, slug, c.req.param('userId'));
    return c.redirect(`/manage/workplaces/${slug}`, 303);
  });

  return app;
}
