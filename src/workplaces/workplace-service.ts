import { z } from 'zod';
import { type Actor, assertAdmin, assertCanReview } from '../auth/actor.ts';
import { createManagerInvite } from '../auth/invite-service.ts';
import { removeWorkplaceManager } from '../auth/people-service.ts';
import type { AppContext } from '../context.ts';
import type { Workplace } from '../db/database.ts';
import { AppError, notFound } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { emailAddress, msg, parseInput } from '../lib/validation.ts';
import {
  findWorkplaceBySlug,
  insertWorkplace,
  listOpenManagerInvites,
  listWorkplaceManagers,
  listWorkplaces,
  listWorkplacesByIds,
  updateWorkplaceRow,
} from './workplace-queries.ts';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const workplaceFields = {
  name: z.string(msg('workplaces.nameLength')).trim().min(2, msg('workplaces.nameLength')).max(120, msg('workplaces.nameLength')),
  slug: z.string(msg('workplaces.slugFormat')).trim().toLowerCase().regex(SLUG, msg('workplaces.slugFormat')),
  city: z.string(msg('workplaces.cityLength')).trim().min(2, msg('workplaces.cityLength')).max(80, msg('workplaces.cityLength')),
  lang: z.enum(['fr', 'en'], msg('validation.lang')),
  publicWall: z.boolean(msg('validation.boolean')),
};

const createSchema = z.strictObject(
  { name: workplaceFields.name, slug: workplaceFields.slug, city: workplaceFields.city, lang: workplaceFields.lang.optional() },
  msg('validation.object'),
);
const updateSchema = z.strictObject(
  {
    name: workplaceFields.name.optional(),
    city: workplaceFields.city.optional(),
    lang: workplaceFields.lang.optional(),
    publicWall: workplaceFields.publicWall.optional(),
  },
  msg('validation.object'),
);
const inviteSchema = z.object({ email: emailAddress });

/** A workplace as the API shows it. */
export function workplaceJson(w: Workplace) {
  return { id: w.id, slug: w.slug, name: w.name, city: w.city, lang: w.lang, publicWall: w.public_wall === 1, createdAt: w.created_at };
}

/** A slug made from a name: lower case, accents dropped, words joined by hyphens. */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** The workplaces an actor sees: all for the admin, their own for a manager. */
export async function listWorkplacesFor(ctx: AppContext, actor: Actor): Promise<Workplace[]> {
  return actor.role === 'admin' ? listWorkplaces(ctx.db) : listWorkplacesByIds(ctx.db, actor.workplaceIds);
}

/** Creates a workplace (admin). A slug already taken is a 409. */
export async function createWorkplace(ctx: AppContext, actor: Actor, raw: unknown): Promise<Workplace> {
  assertAdmin(actor);
  const input = parseInput(createSchema, raw);
  const at = ctx.clock.now().toISOString();
  const workplace: Workplace = {
    id: newId(),
    slug: input.slug,
    name: input.name,
    city: input.city,
    public_wall: 0,
    lang: input.lang ?? 'fr',
    created_at: at,
    updated_at: at,
  };
  if (await findWorkplaceBySlug(ctx.db, workplace.slug))
    throw new AppError('conflict', 409, 'workplaces.slugTaken', { slug: 'workplaces.slugTaken' });
  try {
    await insertWorkplace(ctx.db, workplace);
  } catch (error) {
    // Two admins creating the same slug at once: the unique index decides.
    if (await findWorkplaceBySlug(ctx.db, workplace.slug))
      throw new AppError('conflict', 409, 'workplaces.slugTaken', { slug: 'workplaces.slugTaken' });
    throw error;
  }
  return workplace;
}

/**
 * Changes a workplace's settings. The admin changes anything; a manager of the workplace may
 * change its public wall and language only.
 */
export async function updateWorkplace(ctx: AppContext, actor: Actor, slug: string, raw: unknown): Promise<Workplace> {
  const workplace = await findWorkplaceBySlug(ctx.db, slug);
  if (!workplace) throw notFound();
  assertCanReview(actor, workplace.id);
  const change = parseInput(updateSchema, raw);
  if (actor.role !== 'admin' && (change.name !== undefined || change.city !== undefined))
    throw new AppError('forbidden', 403, 'auth.forbidden');
  const set = {
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.city !== undefined ? { city: change.city } : {}),
    ...(change.lang !== undefined ? { lang: change.lang } : {}),
    ...(change.publicWall !== undefined ? { public_wall: change.publicWall ? 1 : 0 } : {}),
    updated_at: ctx.clock.now().toISOString(),
  };
  await updateWorkplaceRow(ctx.db, workplace.id, set);
  return { ...workplace, ...set };
}

/** Invites a manager to a workplace (admin); returns the invite URL, also to be mailed. */
export async function inviteManager(
  ctx: AppContext,
  actor: Actor,
  slug: string,
  rawEmail: unknown,
): Promise<{ inviteUrl: string; email: string; workplace: Workplace }> {
  assertAdmin(actor);
  const workplace = await findWorkplaceBySlug(ctx.db, slug);
  if (!workplace) throw notFound();
  const { email } = parseInput(inviteSchema, { email: rawEmail });
  const { inviteUrl } = await createManagerInvite(ctx, { email, workplaceId: workplace.id, createdBy: actor.id });
  return { inviteUrl, email, workplace };
}

/** The managers of a workplace: who has accepted, who is still invited. */
export async function listManagers(ctx: AppContext, actor: Actor, workplace: Workplace) {
  assertCanReview(actor, workplace.id);
  const [managers, invites] = await Promise.all([
    listWorkplaceManagers(ctx.db, workplace.id),
    listOpenManagerInvites(ctx.db, workplace.id, ctx.clock.now().toISOString()),
  ]);
  return { managers, invites };
}

/** A workplace's managers as the API shows them. */
export function managersJson({ managers, invites }: Awaited<ReturnType<typeof listManagers>>) {
  return {
    managers: managers.map((m) => ({ id: m.id, email: m.email, since: m.created_at })),
    invited: invites.map((i) => ({ email: i.email, invitedAt: i.created_at, expiresAt: i.expires_at })),
  };
}

/** Takes a workplace from one of its managers (admin); see removeWorkplaceManager for what else ends. */
export async function removeManager(ctx: AppContext, actor: Actor, slug: string, userId: string): Promise<{ accessEnded: boolean }> {
  assertAdmin(actor);
  const workplace = await findWorkplaceBySlug(ctx.db, slug);
  if (!workplace) throw notFound();
  return removeWorkplaceManager(ctx, actor, workplace.id, userId);
}
