import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/db/connect.ts';

type Db = { notes: { id: number; body: string } };

const opened: SqliteDatabase.Database[] = [];
afterEach(() => {
  for (const sqlite of opened.splice(0)) if (sqlite.open) sqlite.close();
});

function open() {
  const sqlite = new SqliteDatabase(':memory:');
  opened.push(sqlite);
  sqlite.exec('create table notes (id integer primary key, body text not null)');
  return sqlite;
}

describe('SQLite statements prepared once', () => {
  it('hands back the same statement for the same SQL, and forgets the least recently used beyond its size', () => {
    const cache = withStatementCache(open(), 2);
    const a = cache.prepare('select 1');
    const b = cache.prepare('select 2');
    expect(cache.prepare('select 1')).toBe(a); // now the most recent: 'select 2' is the oldest
    cache.prepare('select 3');
    expect(cache.prepare('select 1')).toBe(a);
    expect(cache.prepare('select 2')).not.toBe(b);
  });

  it('still runs inserts with returning, plain inserts, reads and streams through Kysely, again and again', async () => {
    const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: withStatementCache(open(), 10) }) });
    for (let i = 1; i <= 3; i++) {
      const [returned] = await db
        .insertInto('notes')
        .values({ id: i, body: `note ${i}` })
        .returning('id')
        .execute();
      expect(returned).toEqual({ id: i });
    }
    await db.insertInto('notes').values({ id: 4, body: 'note 4' }).execute();
    for (let round = 0; round < 2; round++) {
      const streamed: string[] = [];
      for await (const note of db.selectFrom('notes').select('body').orderBy('id').stream()) streamed.push(note.body);
      expect(streamed).toEqual(['note 1', 'note 2', 'note 3', 'note 4']);
      // A stream left early gives its statement back: the same query runs again at once.
      for await (const note of db.selectFrom('notes').select('body').orderBy('id').stream()) {
        expect(note.body).toBe('note 1');
        break;
      }
      expect(await db.selectFrom('notes').select('body').orderBy('id').execute()).toHaveLength(4);
    }
    await db.destroy();
  });
});
