import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
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
