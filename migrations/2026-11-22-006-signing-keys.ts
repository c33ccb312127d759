import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.

export async function up(db: Kysely<any>): Promise<void> {
  // Ed25519 keys that sign Open Badges 3.0 credentials. The secret key is kept in the database so that every
  // app process (WORKERS, or several machines on PostgreSQL) signs with the same key.
  await db.schema
    .createTable('signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_key_multibase', 'text', (c) => c.notNull())
    .addColumn('secret_key_multibase', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  // At most one current key: two processes creating the first key at once cannot both succeed.
  await db.schema
    .createIndex('signing_keys_one_current')
    .on('signing_keys')
    .unique()
    .expression(sql`(retired_at is null)`)
    .where(sql.ref('retired_at'), 'is', null)
    .execute();

  // Bitstring Status Lists (revocation), numbered 1, 2, … so that two processes opening the next list agree.
  await db.schema
    .createTable('status_lists')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('status_purpose', 'text', (c) => c.notNull())
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('encoded_list', 'text', (c) => c.notNull())
    .addColumn('assigned_count', 'integer', (c) => c.notNull().defaultTo(0))
    // The signed BitstringStatusListCredential, JSON; re-signed whenever a bit changes.
    .addColumn('credential', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The primary key makes a random index taken twice fail on both engines, whatever the isolation level.
  await db.schema
    .createTable('status_list_entries')
    .addColumn('list_id', 'integer', (c) => c.notNull().references('status_lists.id'))
    .addColumn('status_index', 'integer', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_list_entries_pk', ['list_id', 'status_index'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_list_entries').execute();
  await db.schema.dropTable('status_lists').execute();
  await db.schema.dropTable('signing_keys').execute();
}
