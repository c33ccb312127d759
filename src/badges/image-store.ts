import { createHash } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { precompile } from '../db/connect.ts';
import type { BadgeImagesTable, Database } from '../db/database.ts';

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

/** An award's stored image as the image routes serve it, with what they need to know of the award. */
export type ServableImage = { status: string; award_lang: string; template_version: number | null; content_hash: string | null; png: Uint8Array | null };

const servableImage = precompile<{ award_id: string; kind: ImageKind; lang: string | null }, ServableImage>({ award_id: true, kind: true, lang: true }, (db, slots) =>
  db
    .selectFrom('awards')
    .leftJoin('badge_images', (join) =>
      join
        .onRef('badge_images.award_id', '=', 'awards.id')
        .on('badge_images.kind', '=', slots.kind)
        .on('badge_images.lang', '=', sql<string>`coalesce(${slots.lang}, awards.lang)`),
    )
    .select(['awards.status', 'awards.lang as award_lang', 'badge_images.template_version', 'badge_images.content_hash', 'badge_images.png'])
    .where('awards.id', '=', slots.award_id),
);

/**
 * The hot path of the image routes: the award's status and language and its stored image (in
 * `lang`, or else the award's own language) in one precompiled query, or undefined for no such award.
 */
export async function findServableImage(db: Kysely<Database>, awardId: string, kind: ImageKind, lang: string | null): Promise<ServableImage | undefined> {
  return (await servableImage(db, { award_id: awardId, kind, lang }))[0];
}
