import { z } from 'zod';
import { type Actor, assertAdmin } from '../auth/actor.ts';
import type { AppContext } from '../context.ts';
import type { Category } from '../db/database.ts';
import type { MessageKey } from '../i18n/index.ts';
import { AppError, notFound } from '../lib/errors.ts';
import { msg, parseInput } from '../lib/validation.ts';
import { findCategory, insertCategory, lastCategoryPosition, listCategories, updateCategoryRow } from './category-queries.ts';

const text = (min: number, max: number, key: MessageKey) => z.string(msg(key)).trim().min(min, msg(key)).max(max, msg(key));

const bilingual = (min: number, max: number, key: MessageKey) =>
  z.strictObject({ fr: text(min, max, key), en: text(min, max, key) }, msg(key));

const createSchema = z.strictObject(
  {
    slug: z
      .string(msg('categories.slugFormat'))
      .trim()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, msg('categories.slugFormat')),
    name: bilingual(2, 60, 'categories.nameLength'),
    description: bilingual(5, 200, 'categories.descriptionLength'),
    criteria: bilingual(20, 2000, 'categories.criteriaLength'),
    color: z
      .string(msg('categories.color'))
      .regex(/^#[0-9a-fA-F]{6}$/, msg('categories.color'))
      .optional(),
  },
  msg('validation.object'),
);
const updateSchema = createSchema.omit({ slug: true }).partial();

/** Every category, retired ones last, for the admin's screen. */
export function listAllCategories(ctx: AppContext): Promise<Category[]> {
  return listCategories(ctx.db);
}

/** Adds a badge category (admin), in both languages. */
export async function createCategory(ctx: AppContext, actor: Actor | null, raw: unknown): Promise<Category> {
  assertAdmin(actor);
  const input = parseInput(createSchema, raw);
  if (await findCategory(ctx.db, input.slug)) throw new AppError('conflict', 409, 'categories.slugTaken', { slug: 'categories.slugTaken' });
  const lastPosition = await lastCategoryPosition(ctx.db);
  const at = ctx.clock.now().toISOString();
  const category: Category = {
    slug: input.slug,
    name_fr: input.name.fr,
    name_en: input.name.en,
    description_fr: input.description.fr,
    description_en: input.description.en,
    criteria_fr: input.criteria.fr,
    criteria_en: input.criteria.en,
    color: (input.color ?? '#9f1239').toLowerCase(),
    position: lastPosition + 1,
    retired_at: null,
    created_at: at,
    updated_at: at,
  };
  await insertCategory(ctx.db, category);
  return category;
}

/** Edits a category's texts or colour (admin); issued badges keep the texts they were issued with. */
export async function updateCategory(ctx: AppContext, actor: Actor | null, slug: string, raw: unknown): Promise<Category> {
  assertAdmin(actor);
  const category = await findCategory(ctx.db, slug);
  if (!category) throw notFound();
  const c = parseInput(updateSchema, raw);
  const set = {
    ...(c.name ? { name_fr: c.name.fr, name_en: c.name.en } : {}),
    ...(c.description ? { description_fr: c.description.fr, description_en: c.description.en } : {}),
    ...(c.criteria ? { criteria_fr: c.criteria.fr, criteria_en: c.criteria.en } : {}),
    ...(c.color ? { color: c.color.toLowerCase() } : {}),
    updated_at: ctx.clock.now().toISOString(),
  };
  await updateCategoryRow(ctx.db, slug, set);
  return { ...category, ...set };
}

/** Retires a category (no longer offered) or brings it back; badges already issued stay valid. */
export async function setCategoryRetired(ctx: AppContext, actor: Actor | null, slug: string, retired: boolean): Promise<Category> {
  assertAdmin(actor);
  const category = await findCategory(ctx.db, slug);
  if (!category) throw notFound();
  const at = ctx.clock.now().toISOString();
  const retiredAt = retired ? (category.retired_at ?? at) : null;
  await updateCategoryRow(ctx.db, slug, { retired_at: retiredAt, updated_at: at });
  return { ...category, retired_at: retiredAt, updated_at: at };
}
