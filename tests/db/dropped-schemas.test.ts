import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { dropSchema, TEST_DB } from '../helpers/app.ts';

// Élan on PostgreSQL may share its database with other schemas: the tests' own, each dropped when
// its file ends, or another application's. Élan's start lists its tables to migrate; another
// schema dropped at that moment must not fail it (it did, now and then, in CI).

const url = process.env.TEST_DATABASE_URL!;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const newSchemaName = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

async function elanOnItsOwnSchema() {
  const schema = newSchemaName('t');
  const handle = await connectDatabase(url, { schema, poolSize: 2 });
  cleanups.push(async () => {
    await handle.destroy();
    await dropSchema(url, schema);
  });
  await migrateToLatest(handle.db, schema);
  return { handle, schema };
}

async function otherConnection() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  cleanups.push(() => client.end());
  return client;
}

describe.skipIf(TEST_DB !== 'postgres')('Élan on a PostgreSQL database where other schemas come and go', () => {
  it('lists its own tables, and only those, while another schema is dropped under the listing', async () => {
    const { handle, schema } = await elanOnItsOwnSchema();
    const other = await otherConnection();
    const doomed = newSchemaName('other_app');
    await other.query(`create schema ${doomed}; create table ${doomed}.orders (id serial primary key, note text)`);

    // The listing's snapshot is taken before the drop and its scan made after it: the moment the
    // race lands on, held open.
    const tables = await handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await other.query(`drop schema ${doomed} cascade`);
        return trx.introspection.getTables({ withInternalKyselyTables: true });
      });

    expect(new Set(tables.map((table) => table.schema))).toEqual(new Set([schema]));
    const names = tables.map((table) => table.name);
    expect(names).toEqual(expect.arrayContaining(['nominations', 'workplaces', 'kysely_migration', 'kysely_migration_lock']));
    const nominations = tables.find((table) => table.name === 'nominations')!;
    expect(nominations.columns.map((column) => column.name)).toEqual(expect.arrayContaining(['id', 'workplace_id', 'created_at']));
  });

  it('starts again and again while another connection creates and drops schemas as fast as it can', async () => {
    const { handle, schema } = await elanOnItsOwnSchema();
    const other = await otherConnection();
    let churning = true;
    let dropped = 0;
    const churn = (async () => {
      while (churning) {
        const doomed = newSchemaName('other_app');
        await other.query(`create schema ${doomed}; create table ${doomed}.orders (id serial primary key, note text)`);
        await other.query(`drop schema ${doomed} cascade`);
        dropped++;
      }
    })();
    try {
      for (let start = 0; start < 100; start++) await migrateToLatest(handle.db, schema);
    } finally {
      churning = false;
      await churn;
    }
    expect(dropped).toBeGreaterThan(10);
  });
});
