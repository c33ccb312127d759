import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { dropSchema, TEST_DB } from './app.ts';

/**
 * A database of its own for a test of an upgrade (a SQLite file, or a schema of its own on
 * PostgreSQL): `migrator` takes it to an earlier migration to write what an older Élan wrote, the
 * app then opens `url` (with `schema`) and migrates it to the latest; `drop` removes it.
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
  return { schema, url, migrator, drop };
}
