import type { FieldErrors } from '../lib/errors.ts';

/** Where a page of awards ends: the next page starts after this (created_at, id), newest first. */
export type Cursor = { createdAt: string; id: string };

/** The wall's filters as the query string gives them, checked; dates are days (YYYY-MM-DD, UTC). */
export type WallFilter = {
  workplace: string | null;
  category: string | null;
  /** Awards made on this day or after. */
  from: string | null;
  /** Awards made on this day or before. */
  to: string | null;
  cursor: Cursor | null;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-z]{1,64})$/;
const SLUG = /^[a-z0-9-]{1,64}$/;

/** The cursor as it travels in a link. */
export function encodeCursor(cursor: Cursor): string {
  return `${cursor.createdAt}_${cursor.id}`;
}

/** A cursor read back from a link, or null if it is not one. */
export function decodeCursor(value: string): Cursor | null {
  const match = CURSOR.exec(value);
  return match ? { createdAt: match[1]!, id: match[2]! } : null;
}

function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The day after a YYYY-MM-DD day: the exclusive end of a period that includes `day`. */
export function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Reads the wall's query parameters; an empty parameter is no filter (a GET form sends them all). */
export function parseWallFilter(query: Record<string, string | undefined>): { filter: WallFilter; errors: FieldErrors } {
  const value = (name: string) => {
    const raw = query[name]?.trim();
    return raw ? raw : null;
  };
  const errors: FieldErrors = {};
  const filter: WallFilter = {
    workplace: value('workplace'),
    category: value('category'),
    from: value('from'),
    to: value('to'),
    cursor: null,
  };
  if (filter.workplace !== null && !SLUG.test(filter.workplace)) errors.workplace = 'wall.filter.workplace';
  if (filter.category !== null && !SLUG.test(filter.category)) errors.category = 'wall.filter.category';
  if (filter.from !== null && !isDay(filter.from)) errors.from = 'wall.filter.date';
  if (filter.to !== null && !isDay(filter.to)) errors.to = 'wall.filter.date';
  if (!errors.from && !errors.to && filter.from !== null && filter.to !== null && filter.to < filter.from) errors.to = 'wall.filter.range';
  const cursor = value('cursor');
  if (cursor !== null) {
    filter.cursor = decodeCursor(cursor);
    if (!filter.cursor) errors.cursor = 'wall.filter.cursor';
  }
  return { filter, errors };
}

/** The query string of a filter (and a cursor), for links that keep it; empty parts are left out. */
export function filterQuery(filter: Partial<Omit<WallFilter, 'cursor'>>, cursor?: string | null): string {
  const params = new URLSearchParams();
  for (const name of ['workplace', 'category', 'from', 'to'] as const) {
    const v = filter[name];
    if (v) params.set(name, v);
  }
  if (cursor) params.set('cursor', cursor);
  const text = params.toString();
  return text ? `?${text}` : '';
}
