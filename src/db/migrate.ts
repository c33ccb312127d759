import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.ts';

const provider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  },
};

/**
 * Brings the schema up to date; safe to call from several processes at once (the migrator locks).
 * On PostgreSQL with a schema of its own, the migrator's tables live in that schema too, or it
 * would find another schema's through the search path.
 */
// biome-ignore lint/suspicious/noExplicitAny: the migrator runs before the typed schema exists, as Kysely's migrations are typed.
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<void> {
  const { error, results } = await new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`);
  }
}
