import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Transaction } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle, precompile, type Slots } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTestApp, TEST_DB } from '../helpers/app.ts';

// The hot reads (a hosted assertion, a stored badge) go through precompile; on SQLite they skip
// Kysely's queue when no transaction is open. These are the promises that shortcut must keep.

const workplaceName = precompile({ slug: true }, (db, slots: Slots<{ slug: string }>) =>
  db.selectFrom('workplaces').select('name').where('slug', '=', slots.slug),
);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openSqlite(): Promise<DatabaseHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'elan-precompile-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const handle = await connectDatabase(`sqlite:${join(dir, 'elan.db')}`);
  cleanups.push(() => handle.destroy());
  await migrateToLatest(handle.db);
  return handle;
}

const row = (slug: string, name: string) => ({
  id: `w-${slug}`,
  slug,
  name,
  city: 'Lyon',
  public_wall: 0,
  lang: 'fr',
  created_at: '2026-12-06T10:00:00.000Z',
  updated_at: '2026-12-06T10:00:00.000Z',
});

describe('a precompiled read on SQLite', () => {
  it('finds what is committed, with each call’s own values', async () => {
    const { db } = await openSqlite();
    await db
      .insertInto('workplaces')
      .values([row('gare', 'Café de la Gare'), row('port', 'Hôtel du Port')])
      .execute();
    expect(await workplaceName(db, { slug: 'gare' })).toEqual([{ name: 'Café de la Gare' }]);
    expect(await workplaceName(db, { slug: 'port' })).toEqual([{ name: 'Hôtel du Port' }]);
    expect(await workplaceName(db, { slug: 'nowhere' })).toEqual([]);
  });

  it('never sees the rows of another request’s transaction before it commits, and sees them after', async () => {
    const { db } = await openSqlite();
    let inserted!: () => void;
    let finish!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const writer = db.transaction().execute(async (trx) => {
      await trx.insertInto('workplaces').values(row('gare', 'Café de la Gare')).execute();
      // Inside the transaction its own read sees the row.
      expect(await workplaceName(trx, { slug: 'gare' })).toHaveLength(1);
      inserted();
      await mayFinish;
    });
    await insertedYet;
    // SQLite has one connection: a read taken now, on it, would see the uncommitted row. It waits
    // for the transaction instead, and so answers with the committed state once it ends.
    const reader = workplaceName(db, { slug: 'gare' });
    let answered = false;
    void reader.then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    finish();
    await writer;
    expect(await reader).toEqual([{ name: 'Café de la Gare' }]);
  });

  it('sees nothing of a transaction that rolls back', async () => {
    const { db } = await openSqlite();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('workplaces').values(row('gare', 'Café de la Gare')).execute();
        throw new Error('the request failed');
      }),
    ).rejects.toThrow('the request failed');
    expect(await workplaceName(db, { slug: 'gare' })).toEqual([]);
  });
});

describe.skipIf(TEST_DB !== 'postgres')('a precompiled query on PostgreSQL', () => {
  it('is prepared once on each connection and then sent by name; other queries are not kept', async () => {
    const t = await createTestApp();
    cleanups.push(() => t.close());
    await t.addWorkplace('cafe-rouge', 'Café Rouge');
    const prepared = (trx: Transaction<Database>) =>
      sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`
        .execute(trx)
        .then((r) => r.rows);

    // One transaction holds one connection, where the server keeps what it prepared.
    await t.ctx.db.transaction().execute(async (trx) => {
      const before = await prepared(trx);
      expect(await workplaceName(trx, { slug: 'cafe-rouge' })).toEqual([{ name: 'Café Rouge' }]);
      expect(await workplaceName(trx, { slug: 'cafe-bleu' })).toEqual([]);
      await trx.selectFrom('workplaces').select('city').where('slug', '=', 'cafe-rouge').execute();
      const after = await prepared(trx);
      const added = after.filter((p) => !before.some((b) => b.name === p.name));
      expect(added).toHaveLength(1);
      expect(added[0]!.name).toMatch(/^elan_\d+$/);
      expect(added[0]!.statement).toContain('select "name" from "workplaces" where "slug" = $1');
    });
  });
});
