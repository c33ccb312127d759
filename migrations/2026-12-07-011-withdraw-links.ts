import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.
//
// A nominator's private link (/n/:token) now carries its nomination's id before its secret
// (`<id>.<secret>`): the nomination is read by its primary key and the secret checked against the
// hash stored with it. The link used to be the secret alone, found by its hash with no index, so
// every visit, a made-up link included, read every nomination (14 ms at 100,000 on SQLite, during
// which the process answered nothing else). An index on the hash would have cost each nomination
// an insert at a random place in it, about 8 % of the nominations a second one process takes.
//
// The links sent before this migration keep working: their hashes are copied here, indexed, and
// the table never grows again.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('withdraw_links_before_011')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('nomination_id', 'text', (c) => c.notNull().references('nominations.id'))
    .execute();
  await db
    .insertInto('withdraw_links_before_011')
    .columns(['token_hash', 'nomination_id'])
    .expression(db.selectFrom('nominations').select(['withdraw_token_hash', 'id']).where('withdraw_token_hash', 'is not', null))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('withdraw_links_before_011').execute();
}
