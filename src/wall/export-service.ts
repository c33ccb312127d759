import type { Actor } from '../auth/actor.ts';
import { listAllCategories } from '../categories/category-service.ts';
import { localCategory } from '../categories/category-view.ts';
import type { AppContext } from '../context.ts';
import { type Lang, type MessageKey, translator } from '../i18n/index.ts';
import { isoDay } from '../lib/clock.ts';
import { listWorkplaces } from '../workplaces/workplace-queries.ts';
import { CSV_BOM, toCsv } from './csv.ts';
import { type Cursor, dayAfter, type WallFilter } from './wall-filter.ts';
import { queryAwardExportBatch, queryNominationExportBatch } from './wall-queries.ts';
import { awardFilter, resolveScope } from './wall-service.ts';

// Rows are read in keyset batches and streamed, so an export of 100,000 awards never sits in memory whole.
const BATCH = 1000;

/** A CSV file being written: its name and its text, chunk by chunk (the first starts with the BOM). */
export type CsvExport = { filename: string; chunks: AsyncIterable<string> };

async function* batches<R extends { created_at: string; id: string }>(read: (after: Cursor | null) => Promise<R[]>): AsyncGenerator<R[]> {
  let after: Cursor | null = null;
  for (;;) {
    const rows = await read(after);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < BATCH || !last) return;
    after = { createdAt: last.created_at, id: last.id };
  }
}

async function names(ctx: AppContext, lang: Lang) {
  const [workplaces, categories] = await Promise.all([listWorkplaces(ctx.db), listAllCategories(ctx)]);
  return {
    workplace: new Map(workplaces.map((w) => [w.id, w.name])),
    category: new Map(categories.map((c) => [c.slug, localCategory(c, lang).name])),
  };
}

/** Every award of the actor's workplaces (all statuses) that the filter selects, one row each, oldest first. */
export async function exportAwards(ctx: AppContext, actor: Actor, filter: WallFilter, lang: Lang): Promise<CsvExport> {
  const { scope } = await resolveScope(ctx, actor, filter.workplace);
  const t = translator(lang);
  const named = await names(ctx, lang);
  const awards = awardFilter(scope, filter, []);
  const header = (
    [
      'wall.csv.id',
      'wall.csv.workplace',
      'wall.csv.firstName',
      'wall.csv.category',
      'wall.csv.momentDate',
      'wall.csv.status',
      'wall.csv.claimed',
      'wall.csv.created',
    ] as const
  ).map((k) => t(k));
  async function* chunks() {
    yield CSV_BOM + toCsv([header]);
    for await (const rows of batches((after) => queryAwardExportBatch(ctx.db, awards, after, BATCH))) {
      yield toCsv(
        rows.map((r) => [
          r.id,
          r.workplace_id ? (named.workplace.get(r.workplace_id) ?? '') : '',
          r.staff_first_name,
          named.category.get(r.category_slug) ?? r.category_slug,
          r.moment_date,
          t(`manage.status.${r.status}` as MessageKey),
          r.issued_on !== null ? t('wall.yes') : t('wall.no'),
          r.created_at,
        ]),
      );
    }
  }
  return { filename: `elan-awards-${isoDay(ctx.clock.now())}.csv`, chunks: chunks() };
}

/** Every nomination of the actor's workplaces received in the filter's period, one row each, without the nominator. */
export async function exportNominations(ctx: AppContext, actor: Actor, filter: WallFilter, lang: Lang): Promise<CsvExport> {
  const { scope } = await resolveScope(ctx, actor, filter.workplace);
  const t = translator(lang);
  const named = await names(ctx, lang);
  const nominations = { scope, createdFrom: filter.from, createdBefore: filter.to ? dayAfter(filter.to) : null };
  const header = (
    [
      'wall.csv.id',
      'wall.csv.workplace',
      'wall.csv.firstName',
      'wall.csv.role',
      'wall.csv.category',
      'wall.csv.momentDate',
      'wall.csv.place',
      'wall.csv.status',
      'wall.csv.storyPublic',
      'wall.csv.story',
      'wall.csv.received',
    ] as const
  ).map((k) => t(k));
  async function* chunks() {
    yield CSV_BOM + toCsv([header]);
    for await (const rows of batches((after) => queryNominationExportBatch(ctx.db, nominations, after, BATCH))) {
      yield toCsv(
        rows.map((r) => [
          r.id,
          r.workplace_id
            ? (named.workplace.get(r.workplace_id) ?? '')
            : t('manage.nomination.unlisted', { name: r.workplace_name ?? '', city: r.workplace_city ?? '' }),
          r.staff_first_name,
          r.staff_role,
          named.category.get(r.category_slug) ?? r.category_slug,
          r.moment_date,
          r.moment_place,
          t(`manage.status.${r.status}` as MessageKey),
          r.public_story_consent === 1 ? t('wall.yes') : t('wall.no'),
          r.story,
          r.created_at,
        ]),
      );
    }
  }
  return { filename: `elan-nominations-${isoDay(ctx.clock.now())}.csv`, chunks: chunks() };
}
