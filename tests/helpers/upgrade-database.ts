import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { loadConfig } from '../../src/config.ts';
import { createAppContext } from '../../src/context.ts';
import type { Clock } from '../../src/lib/clock.ts';
import { dropSchema, TEST_DB } from './app.ts';

/**
 * A database of its own for a test of an upgrade (a SQLite file, or a schema of its own on
 * PostgreSQL): `migrator` takes it to an earlier migration to write what an older Élan wrote, the
 * app then opens `url` (with `schema`) and migrates it to the latest (`start` does it as a server's start
 * does, with `env` added to the configuration); `drop` removes it.
 */
export function upgradeDatabase() {
  const schema = TEST_DB === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const dir = TEST_DB === 'sqlite' ? mkdtempSync(join(tmpdir(), 'elan-upgrade-')) : null;
  const url = process.env.TEST_DATABASE_URL ?? `sqlite:${join(dir!, 'elan.db')}`;
  const provider = { getMigrations: async () => migrations };
  const migrator = (db: Kysely<any>) => new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const drop = async () => {
    if (schema) await dropSchema(url, schema);
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  const start = (clock: Clock, env: Record<string, string> = {}) =>
    createAppContext(
      loadConfig({
        PUBLIC_URL: 'http://localhost:3000',
        DATABASE_URL: url,
        LOG_LEVEL: 'silent',
        SECRET_KEY: 'test-secret-key-0123456789abcdef',
        ...env,
      }),
      { clock, database: schema ? { schema, poolSize: 2 } : {} },
    );
  return { schema, url, migrator, start, drop };
}
