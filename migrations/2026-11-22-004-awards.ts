import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('awards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('nomination_id', 'text', (c) => c.notNull().unique().references('nominations.id'))
    .addColumn('workplace_id', 'text', (c) => c.references('workplaces.id'))
    .addColumn('category_slug', 'text', (c) => c.notNull().references('categories.slug'))
    .addColumn('staff_first_name', 'text', (c) => c.notNull())
    .addColumn('moment_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('claim_token_hash', 'text')
    .addColumn('claim_expires_at', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('awards_claim_token').on('awards').column('claim_token_hash').execute();
  await db.schema.createIndex('awards_workplace_created').on('awards').columns(['workplace_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('awards_created').on('awards').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('awards').execute();
}
