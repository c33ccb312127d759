import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createServerDatabase, type RunningServer, type ServerDatabase, startServer } from '../helpers/server.ts';
import { nominationBody, nominationBurst } from './burst.ts';

// Why this holds on SQLite: the database runs in WAL mode with synchronous=NORMAL (src/db/connect.ts).
// A commit there is appended to the -wal file before the 201 is sent; NORMAL skips only the fsync
// at commit, so an OS crash or power loss may lose the last transactions, but a process crash
// (SIGKILL, an out-of-memory kill) loses nothing: the bytes are in the kernel's page cache and the
// next connection replays the WAL (https://www.sqlite.org/pragma.html#pragma_synchronous).

let database: ServerDatabase | undefined;
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.kill()));
});
afterAll(() => database?.remove());

describe('the server is killed in the middle of a burst of nominations', () => {
  it('keeps, after a restart on the same database, every nomination it answered 201 for', async () => {
    // A SQLite file on both runs of the suite: PostgreSQL's own durability is not ours to prove.
    database = await createServerDatabase({ sqlite: true });
    await database.addWorkplace('cafe-rouge');
    const env = { DATABASE_URL: database.url, NOMINATION_RATE_LIMIT: '1000000/hour', SECRET_KEY: 'crash-test-secret-0123456789' };

    const first = await startServer(env);
    servers.push(first);
    let killed = false;
    const burst = await nominationBurst(first.url, 'cafe-rouge', {
      lanes: 12,
      until: () => false, // each lane runs until the kill cuts its connection
      onAccepted: (accepted) => {
        if (accepted.length === 150 && !killed) {
          killed = true;
          process.kill(first.pid, 'SIGKILL');
        }
      },
    });
    await first.stop();
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(burst.others).toEqual({});
    expect(burst.accepted.length).toBeGreaterThanOrEqual(150);
    // Requests were in flight when the process died: the kill did land mid-burst.
    expect(burst.cut).toBeGreaterThan(0);

    const second = await startServer(env, { port: first.port });
    servers.push(second);
    const after = await fetch(`${second.url}/api/v1/nominations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(nominationBody('cafe-rouge', 999_999)),
    });
    expect(after.status).toBe(201);

    await database.query(async (db) => {
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);
      const stored = await db.selectFrom('nominations').select('id').where('id', 'in', burst.accepted).execute();
      expect(stored.map((r) => r.id).sort()).toEqual([...burst.accepted].sort());
      const submitted = await db
        .selectFrom('nomination_events')
        .select('nomination_id')
        .where('type', '=', 'submitted')
        .where('nomination_id', 'in', burst.accepted)
        .execute();
      expect(submitted).toHaveLength(burst.accepted.length);
      // Nothing half-written either: no nomination without its first event.
      const orphans = await db
        .selectFrom('nominations')
        .select('id')
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('nomination_events').select('id').whereRef('nomination_events.nomination_id', '=', 'nominations.id'))),
        )
        .execute();
      expect(orphans).toEqual([]);
    });
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 60_000);
});
