import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.ts';

const opened: { handle: DatabaseHandle; dir: string }[] = [];
afterEach(async () => {
  for (const { handle, dir } of opened.splice(0)) {
    await handle.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function openFileDatabase(): Promise<DatabaseHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'elan-sqlite-'));
  const handle = await connectDatabase(`sqlite:${join(dir, 'elan.db')}`);
  opened.push({ handle, dir });
  return handle;
}

async function pragma(handle: DatabaseHandle, name: string): Promise<unknown> {
  const { rows } = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(handle.db);
  return Object.values(rows[0] ?? {})[0];
}

describe('the SQLite database as Élan opens it', () => {
  it('runs in WAL mode, waits for a busy writer, checks foreign keys, keeps savepoint journals in memory and zeroes what it deletes', async () => {
    const handle = await openFileDatabase();
    expect(await pragma(handle, 'journal_mode')).toBe('wal');
    expect(await pragma(handle, 'synchronous')).toBe(1); // NORMAL
    expect(await pragma(handle, 'busy_timeout')).toBe(5000);
    expect(await pragma(handle, 'foreign_keys')).toBe(1);
    expect(await pragma(handle, 'temp_store')).toBe(2); // MEMORY
    expect(await pragma(handle, 'secure_delete')).toBe(1);
  });

  it('undoes only what a savepoint wrote when it is rolled back, and commits the rest', async () => {
    const handle = await openFileDatabase();
    await sql`create table notes (id integer primary key, body text not null)`.execute(handle.db);
    await handle.db.transaction().execute(async (trx) => {
      await sql`insert into notes values (1, 'kept')`.execute(trx);
      await sql`savepoint note`.execute(trx);
      await sql`insert into notes values (2, 'undone')`.execute(trx);
      await sql`rollback to note`.execute(trx);
      await sql`release note`.execute(trx);
      await sql`insert into notes values (3, 'kept too')`.execute(trx);
    });
    const { rows } = await sql<{ body: string }>`select body from notes order by id`.execute(handle.db);
    expect(rows.map((row) => row.body)).toEqual(['kept', 'kept too']);
  });
});
