import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.
//
// The employee's space finds "every badge of this address" without keeping the address: a keyed hash
// (HMAC under the instance's key) of the normalised email, set at claim. The salted hash the OB 2.0
// assertion publishes cannot serve, since each award has its own salt. Null for awards claimed before
// this column existed, until their employee adds them to the space.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('awards').addColumn('recipient_key', 'text').execute();
  await db.schema.createIndex('awards_recipient_key').on('awards').column('recipient_key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('awards_recipient_key').execute();
  await db.schema.alterTable('awards').dropColumn('recipient_key').execute();
}
