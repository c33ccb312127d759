import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.
//
// Access that can be taken away: an account can be disabled; a session gets an id of its own (so an
// admin can end one without its token's hash ever leaving the database) and when it was last seen; an
// API token gets its end. SQLite adds no NOT NULL column without a default, so both tables are rebuilt
// and their rows copied: open sessions keep working, and a token made before tokens expired gets 90
// days from this upgrade, so no script stops without warning.

const TOKEN_DAYS_AT_UPGRADE = 90;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();

  await rebuild(
    db,
    'sessions',
    (table) =>
      ownedSecret(table)
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull()),
    (row) => ({ ...row, id: randomBytes(16).toString('hex'), last_seen_at: row.created_at }),
  );
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  const tokenEnd = new Date(Date.now() + TOKEN_DAYS_AT_UPGRADE * 86_400_000).toISOString();
  await rebuild(
    db,
    'api_tokens',
    (table) =>
      ownedSecret(table)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text'),
    (row) => ({ ...row, expires_at: tokenEnd }),
  );
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
  // A primary key cannot be dropped from a SQLite table: sessions go back to their old shape by a rebuild.
  await rebuild(
    db,
    'sessions',
    (table) =>
      table
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull()),
    ({ id: _, last_seen_at: __, ...row }) => row,
  );
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.alterTable('users').dropColumn('disabled_at').execute();
}

type CreateTable = ReturnType<Kysely<any>['schema']['createTable']>;
type Row = Record<string, any>;

/** The columns a session and an API token share: an id to name it by, its secret's hash, and whose it is. */
function ownedSecret(table: CreateTable): CreateTable {
  return table
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'));
}

/** Replaces a table by a new shape, its rows copied through `copy`; the caller makes its indexes again. */
async function rebuild(db: Kysely<any>, name: string, shape: (table: CreateTable) => CreateTable, copy: (row: Row) => Row) {
  const next = `${name}_012`;
  await shape(db.schema.createTable(next)).execute();
  const rows = await db.selectFrom(name).selectAll().execute();
  // A few hundred rows a statement keeps within SQLite's limit on bound values.
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto(next)
      .values(rows.slice(i, i + 200).map(copy))
      .execute();
  }
  await db.schema.dropTable(name).execute();
  await db.schema.alterTable(next).renameTo(name).execute();
}
