import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.

export async function up(db: Kysely<any>): Promise<void> {
  // The rendered PNGs of each award, one row per kind ('badge' | 'card') and language: rendered once,
  // served many times with the hash as ETag. Binary column: bytea on PostgreSQL, blob on SQLite; both
  // drivers hand back a Buffer.
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('badge_images')
    .addColumn('award_id', 'text', (c) => c.notNull().references('awards.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('png', binary, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('badge_images_pk', ['award_id', 'kind', 'lang'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('badge_images').execute();
}
