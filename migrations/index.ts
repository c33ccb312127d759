import type { Migration } from 'kysely';
import * as m001 from './2026-11-22-001-nominations.ts';
import * as m002 from './2026-11-22-002-accounts.ts';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '2026-11-22-001-nominations': m001,
  '2026-11-22-002-accounts': m002,
};
