import type { Kysely } from 'kysely';
import { precompile, type Slots } from './connect.ts';
import type { Database } from './database.ts';

const awardRevision = precompile({ id: true }, (db, slots: Slots<{ id: string }>) =>
  db.selectFrom('awards').select('revision').where('id', '=', slots.id),
);

/** A value made from an award's rows, with the award's revision read in the same query as them. */
export type Revised<V> = { revision: number; value: V };

/** Values made from awards' rows, kept by one context (see createRevisionCache). */
export type RevisionCache<V> = Readonly<{
  /** The value kept under `key` if the award's revision has not moved since, or else what `load` reads (kept). */
  read: (db: Kysely<Database>, awardId: string, key: string, load: () => Promise<Revised<V> | undefined>) => Promise<V | undefined>;
  /** How many values are kept. */
  readonly size: number;
  /** Forgets every value. */
  clear: () => void;
}>;

/**
 * Values made from an award's rows, kept by one context with the award's revision at the time. The
 * database moves the revision on whenever any of those rows changes, in any process (migration
 * 010), so a kept value costs one indexed read of an integer, and is made again after any change.
 * Kept under `key` (an award may have several values: an image per language); past `maxEntries`,
 * the oldest key out first. One cache serves one database: the context's.
 */
export function createRevisionCache<V>(maxEntries: number): RevisionCache<V> {
  const kept = new Map<string, Revised<V>>();
  return {
    async read(db, awardId, key, load) {
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
    },
    get size() {
      return kept.size;
    },
    clear: () => kept.clear(),
  };
}
