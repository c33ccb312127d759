import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultBackupPath, sqliteFileOf } from '../../src/ops/backup.ts';
import { createServerDatabase, ROOT, type RunningServer, type ServerDatabase, startServer } from '../helpers/server.ts';
import { nominationBurst } from '../resilience/burst.ts';

const dir = mkdtempSync(join(tmpdir(), 'elan-backup-'));
const servers: RunningServer[] = [];
const databases: ServerDatabase[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.kill()));
});
afterAll(async () => {
  await Promise.all(databases.map((d) => d.remove()));
  rmSync(dir, { recursive: true, force: true });
});

async function sqliteDatabase(): Promise<ServerDatabase> {
  const database = await createServerDatabase({ sqlite: true });
  databases.push(database);
  return database;
}

/** Runs `npm run backup` as an operator would (through tsx, from the repository). */
function runBackup(databaseUrl: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/ops/backup-cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('an operator backs up the SQLite database while Élan runs', () => {
  it('gets a whole, consistent copy taken in the middle of a stream of nominations, which a server can start on', async () => {
    const live = await sqliteDatabase();
    await live.addWorkplace('cafe-rouge');
    const databaseUrl = live.url;
    const server = await startServer({
      DATABASE_URL: databaseUrl,
      NOMINATION_RATE_LIMIT: '1000000/hour',
      SECRET_KEY: 'backup-test-secret-0123456789',
    });
    servers.push(server);

    const target = join(dir, 'copies', 'nightly.db');
    let backup: ReturnType<typeof runBackup> | null = null;
    let acceptedBeforeBackup: string[] = [];
    let backupDone = false;
    const burst = await nominationBurst(server.url, 'cafe-rouge', {
      lanes: 4,
      until: () => backupDone,
      onAccepted: (accepted) => {
        if (accepted.length === 40 && !backup) {
          acceptedBeforeBackup = [...accepted];
          backup = runBackup(databaseUrl, [target]).finally(() => (backupDone = true));
        }
      },
    });
    const result = await backup!;
    expect(result.stderr).toContain('integrity checked');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(target);
    expect(burst.others).toEqual({});
    // The server kept taking nominations while the copy was made.
    expect(burst.accepted.length).toBeGreaterThan(acceptedBeforeBackup.length);

    // One self-contained file: no -wal beside it, and a rollback journal.
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(existsSync(`${target}.partial`)).toBe(false);
    const copy = new SqliteDatabase(target, { readonly: true, fileMustExist: true });
    let inCopy: string[];
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('foreign_key_check')).toEqual([]);
      inCopy = copy.prepare('select id from nominations').pluck().all() as string[];
      // Consistent: every nomination in the copy has its 'submitted' event, none is half-written.
      const withoutEvent = copy
        .prepare(
          `select id from nominations n where not exists (select 1 from nomination_events e where e.nomination_id = n.id and e.type = 'submitted')`,
        )
        .pluck()
        .all();
      expect(withoutEvent).toEqual([]);
    } finally {
      copy.close();
    }
    // Everything answered 201 before the backup began is in it; nothing that was never accepted is.
    expect(inCopy).toEqual(expect.arrayContaining(acceptedBeforeBackup));
    expect(burst.accepted).toEqual(expect.arrayContaining(inCopy));

    // Restoring is starting a server on the copy.
    const restored = await startServer({ DATABASE_URL: `sqlite:${target}`, SECRET_KEY: 'backup-test-secret-0123456789' });
    servers.push(restored);
    const categories = await fetch(`${restored.url}/api/v1/categories`);
    expect(categories.status).toBe(200);
    expect(await restored.stop('SIGTERM')).toBe(0);
    expect(await server.stop('SIGTERM')).toBe(0);
  }, 60_000);

  it('refuses to overwrite an earlier backup', async () => {
    const databaseUrl = (await sqliteDatabase()).url;
    const target = join(dir, 'once.db');
    expect((await runBackup(databaseUrl, [target])).code).toBe(0);
    const again = await runBackup(databaseUrl, [target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
  }, 30_000);

  it('is told to use pg_dump and pg_restore when the database is PostgreSQL', async () => {
    const result = await runBackup('postgres://elan@db.example.org:5432/elan', []);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/pg_dump --format=custom --file=backups\/elan-[\dT-]+Z\.dump "\$DATABASE_URL"/);
    expect(result.stderr).toContain('pg_restore');
  }, 30_000);

  it('names a default backup by the time it was taken, in a folder of its own', () => {
    expect(defaultBackupPath(new Date('2026-11-22T15:04:05.678Z'))).toBe(join('backups', 'elan-2026-11-22T15-04-05Z.db'));
    expect(sqliteFileOf('sqlite:./data/elan.db')).toBe('./data/elan.db');
    expect(sqliteFileOf('sqlite::memory:')).toBeNull();
    expect(sqliteFileOf('postgres://localhost/elan')).toBeNull();
  });
});
