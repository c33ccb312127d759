import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.

export async function up(db: Kysely<any>): Promise<void> {
  const columns: [string, 'text' | 'integer', boolean][] = [
    ['issued_on', 'text', false],
    ['recipient_identity', 'text', false],
    ['recipient_salt', 'text', false],
    ['public_page', 'integer', true],
    ['show_story', 'integer', true],
    ['manage_token_hash', 'text', false],
    ['revoked_at', 'text', false],
    ['revocation_reason', 'text', false],
    ['ob3_credential', 'text', false],
  ];
  // One column per statement: SQLite's ALTER TABLE adds them one at a time.
  for (const [name, type, flag] of columns) {
    await db.schema
      .alterTable('awards')
      .addColumn(name, type, (c) => (flag ? c.notNull().defaultTo(0) : c))
      .execute();
  }
  await db.schema.createIndex('awards_manage_token').on('awards').column('manage_token_hash').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('awards_manage_token').execute();
  for (const name of [
    'issued_on',
    'recipient_identity',
    'recipient_salt',
    'public_page',
    'show_story',
    'manage_token_hash',
    'revoked_at',
    'revocation_reason',
    'ob3_credential',
  ]) {
    await db.schema.alterTable('awards').dropColumn(name).execute();
  }
}
