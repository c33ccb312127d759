import { createHash } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { precompile } from '../db/connect.ts';
import type { BadgeImagesTable, Database } from '../db/database.ts';
import { createRevisionCache, type RevisionCache } from '../db/revision-cache.ts';

/** A stored image of an award. */
export type BadgeImage = Selectable<BadgeImagesTable>;
export type ImageKind = BadgeImagesTable['kind'];

/** An image to store; its content hash is computed from the PNG. */
export type NewBadgeImage = Omit<BadgeImage, 'content_hash'>;

/** SHA-256 of the PNG's bytes, hex: what is stored as the ETag. */
export function pngHash(png: Uint8Array): string {
  return createHash('sha256').update(png).digest('hex');
}

/** Stores an award's image of a kind and language, replacing the one drawn before (a new template version). */
export async function saveImage(db: Kysely<Database>, image: NewBadgeImage): Promise<BadgeImage> {
  // pg sends a Buffer as bytea but a bare Uint8Array as text: always hand the drivers a Buffer.
  const png = Buffer.from(image.png.buffer, image.png.byteOffset, image.png.byteLength);
  const row: BadgeImage = { ...image, png, content_hash: pngHash(png) };
  await db
    .insertInto('badge_images')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['award_id', 'kind', 'lang']).doUpdateSet({
        template_version: row.template_version,
        content_hash: row.content_hash,
        png: row.png,
        created_at: row.created_at,
      }),
    )
    .execute();
  return row;
}

/** An award's stored image of a kind and language, or undefined. */
export async function findImage(db: Kysely<Database>, awardId: string, kind: ImageKind, lang: string): Promise<BadgeImage | undefined> {
  return db
    .selectFrom('badge_images')
    .selectAll()
    .where('award_id', '=', awardId)
    .where('kind', '=', kind)
    .where('lang', '=', lang)
    .executeTakeFirst();
}

/** An award's stored image as the image routes serve it (its hash, not its bytes), with what they need to know of the award. */
export type ServableImage = {
  status: string;
  award_lang: string;
  /** When the award was claimed, or null: the share card exists only from then on. */
  issued_on: string | null;
  /** The employee's and the nominator's choices, which the share card's quote (and so its template version) follows. */
  show_story: number;
  public_story_consent: number;
  /** The language of the stored image found, or null when there is none. */
  image_lang: string | null;
  template_version: number | null;
  content_hash: string | null;
};

const servableImage = precompile<{ award_id: string; kind: ImageKind; lang: string | null }, ServableImage & { revision: number }>(
  { award_id: true, kind: true, lang: true },
  (db, slots) =>
    db
      .selectFrom('awards')
      .leftJoin('badge_images', (join) =>
        join
          .onRef('badge_images.award_id', '=', 'awards.id')
          .on('badge_images.kind', '=', slots.kind)
          .on('badge_images.lang', '=', sql<string>`coalesce(${slots.lang}, awards.lang)`),
      )
      .innerJoin('nominations', 'nominations.id', 'awards.nomination_id')
      .select([
        'awards.revision',
        'awards.status',
        'awards.lang as award_lang',
        'awards.issued_on',
        'awards.show_story',
        'nominations.public_story_consent',
        'badge_images.lang as image_lang',
        'badge_images.template_version',
        'badge_images.content_hash',
      ])
      .where('awards.id', '=', slots.award_id),
);

/** What findServableImage keeps, by award, kind and language asked. */
export type ServableImageCache = RevisionCache<ServableImage>;

/**
 * The servable images' cache of a context. The award's revision moves on when one of its images is
 * stored, replaced or deleted too (migration 010): what is kept is current while it does not. At
 * most 10,000 entries of a few hundred bytes: the badges a busy instance serves again and again.
 */
export function createServableImageCache(): ServableImageCache {
  return createRevisionCache<ServableImage>(10_000);
}

/**
 * The hot path of the image routes: the award's status, language and choices and its stored image's hash
 * (in `lang`, or else the award's own language), or undefined for no such award. Kept in `cache`
 * with the award's revision (revision-cache.ts): one read of an integer while nothing changed.
 */
export async function findServableImage(
  db: Kysely<Database>,
  cache: ServableImageCache,
  awardId: string,
  kind: ImageKind,
  lang: string | null,
): Promise<ServableImage | undefined> {
  return cache.read(db, awardId, `${awardId} ${kind} ${lang ?? ''}`, async () => {
    const [row] = await servableImage(db, { award_id: awardId, kind, lang });
    return row && { revision: row.revision, value: row };
  });
}

const storedPng = precompile<{ award_id: string; kind: ImageKind; lang: string }, { content_hash: string; png: Uint8Array }>(
  { award_id: true, kind: true, lang: true },
  (db, slots) =>
    db
      .selectFrom('badge_images')
      .select(['content_hash', 'png'])
      .where('award_id', '=', slots.award_id)
      .where('kind', '=', slots.kind)
      .where('lang', '=', slots.lang),
);

/** PNG bytes by content hash, kept by one context, the least recently served dropped past a size. */
export type PngCache = Readonly<{
  /** The bytes of the stored image of an award's kind and language, with their hash; undefined if none is stored. */
  read: (
    db: Kysely<Database>,
    image: { award_id: string; kind: ImageKind; lang: string; content_hash: string },
  ) => Promise<{ content_hash: string; png: Uint8Array } | undefined>;
  /** How many images' bytes are kept. */
  readonly size: number;
  /** Forgets every image. */
  clear: () => void;
}>;

/**
 * A cache of stored images' bytes, keyed by their content hash. A hash names one content for good,
 * so an entry never goes stale and no other process needs to hear of a change: whether an image
 * may be served, and which hash is current, is still read from the database on every request (an
 * erased award's image stops at once). Only the reading of the bytes is saved.
 */
export function createPngCache(maxBytes: number): PngCache {
  const entries = new Map<string, Uint8Array>();
  let bytes = 0;
  const keep = (hash: string, png: Uint8Array) => {
    if (png.byteLength > maxBytes) return;
    entries.set(hash, png);
    bytes += png.byteLength;
    for (const [oldest, dropped] of entries) {
      if (bytes <= maxBytes) break;
      entries.delete(oldest);
      bytes -= dropped.byteLength;
    }
  };
  return {
    async read(db, image) {
      const cached = entries.get(image.content_hash);
      if (cached) {
        // Map order is insertion order: moved to the end, it is the most recently served.
        entries.delete(image.content_hash);
        entries.set(image.content_hash, cached);
        return { content_hash: image.content_hash, png: cached };
      }
      // Read by its place rather than its hash: if it was redrawn since, the new bytes come with their own hash.
      const row = (await storedPng(db, image))[0];
      if (row && !entries.has(row.content_hash)) keep(row.content_hash, row.png);
      return row;
    },
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}

/** Drawings under way by key, so that requests asking together for one image share one drawing. */
export type DrawingFlights = Readonly<{
  /** The drawing under way for `key`, or else `draw()` started and shared until it settles; a failure is not kept, so the next ask draws again. */
  share: <T>(key: string, draw: () => Promise<T>) => Promise<T>;
  /** How many drawings are under way. */
  readonly size: number;
  /** Forgets the drawings under way; those already waiting still get theirs. */
  clear: () => void;
}>;

/**
 * The drawings under way in one context. Right after a claim, everyone who opens the share card finds
 * it missing at once; without this, each would draw it. An entry lives only while its drawing runs,
 * so there are at most as many as the requests waiting, and nothing is remembered past the drawing:
 * what it made is stored, and what failed is tried again.
 */
export function createDrawingFlights(): DrawingFlights {
  const running = new Map<string, Promise<unknown>>();
  return {
    share<T>(key: string, draw: () => Promise<T>): Promise<T> {
      const known = running.get(key);
      if (known) return known as Promise<T>;
      const drawing = (async () => draw())().finally(() => {
        if (running.get(key) === drawing) running.delete(key);
      });
      running.set(key, drawing);
      return drawing;
    },
    get size() {
      return running.size;
    },
    clear: () => running.clear(),
  };
}
