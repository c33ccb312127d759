import type { Kysely } from 'kysely';
import { precompile, type Slots } from './connect.ts';
import type { Database } from './database.ts';

const awardRevision = precompile({ id: true }, (db, slots: Slots<{ id: string }>) =>
  db.selectFrom('awards').select('revision').where('id', '=', slots.id),
);

/** A value made from an award's rows, with the award's revision read in the same query as them. */
export type Revised<V> = { revision: number; value: V };

/** A value made from an award's rows, kept (see createRevisionCache); `load` reads them when it must. */
export type RevisionCache<V> = (
  db: Kysely<Database>,
  awardId: string,
  key: string,
  load: () => Promise<Revised<V> | undefined>,
) => Promise<V | undefined>;

/**
 * Values made from an award's rows, kept by one process with the award's revision at the time. The
 * database moves the revision on whenever any of those rows changes, in any process (migration
 * 010), so a kept value costs one indexed read of an integer, and is made again after any change.
 * Kept per database (tests run several in one process), under `key` (an award may have several
 * values: an image per language); past `maxEntries`, the oldest key out first.
 */
export function createRevisionCache<V>(maxEntries: number): RevisionCache<V> {
  const byDatabase = new WeakMap<Kysely<Database>, Map<string, Revised<V>>>();
  return async (db, awardId, key, load) => {
    let kept = byDatabase.get(db);
    if (!kept) {
      kept = new Map();
      byDatabase.set(db, kept);
    }
    const known = kept.get(key);
    if (known) {
      const [current] = await awardRevision(db, { id: awardId });
      if (current?.revision === known.revision) return known.value;
    }
    const loaded = await load();
    kept.delete(key);
    if (!loaded) return undefined;
    if (kept.size >= maxEntries) kept.delete(kept.keys().next().value!);
    kept.set(key, loaded);
    return loaded.value;
  };
}
