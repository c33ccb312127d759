import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.
//
// The proof-of-work challenges already spent on a nomination (NOMINATION_CHALLENGE=on), each kept
// until it expires so a solution is taken once, whichever process receives it again. After its
// expiry a challenge is refused for that alone, and its row may go.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('spent_challenges')
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('spent_challenges_expires_at').on('spent_challenges').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('spent_challenges').execute();
}
