import {
  createDrawingFlights,
  createPngCache,
  createServableImageCache,
  type DrawingFlights,
  type PngCache,
  type ServableImageCache,
} from './badges/image-store.ts';
import type { QueryCaches } from './db/connect.ts';
import { createRevisionCache, type RevisionCache } from './db/revision-cache.ts';

/**
 * Every cache a context keeps, in one place so that a reader sees what the process holds and destroy()
 * forgets it. Each exists for speed on a hot path; none holds anything that is not read again from the
 * database or made again when it is missing.
 *
 * Some memos stay with their modules, since what they hold is read from the package or is a pure function of
 * its key, the same in every context, and never stale: the drawing engine's fonts, decors and raster workspaces
 * and the OB 3.0 suites' templates and imported keys (badges/, credentials/ob3/suites.ts: the server draws, signs
 * and verifies on the pool's worker threads, each thread with its own), the bundled JSON-LD contexts, the compiled
 * OB 3.0 schema, the static assets, the Intl formatters and formatted days (lib/format.ts), and the nomination's
 * schema of the day (nominations/nomination-input.ts).
 */
export type AppCaches = {
  /** The database's compiled queries, prepared statements' names and SQLite statements: bounded by the code's queries. */
  queries: QueryCaches;
  /** The stored badge's or share card's lookup (its hash, the award's status, languages and choices) by award, kind and language: at most 10,000 small entries. */
  servableImages: ServableImageCache;
  /** Stored images' bytes by content hash, so the badge and share card routes do not read them again: at most 16 MB. */
  badgePngs: PngCache;
  /** The hosted Open Badges 2.0 assertions' JSON text by award, verifiers ask again and again: at most 2,000 of a few KB. */
  assertionTexts: RevisionCache<string | null>;
  /** Counter cards kept drawn by their ETag, since drawing one takes far longer than serving it: at most COUNTER_CARDS. */
  counterCards: Map<string, Uint8Array>;
  /** Drawings under way (a badge or share card by award, kind, language and template version; a counter card by ETag), shared by the requests that ask together: one entry per drawing running. */
  drawings: DrawingFlights;
};

/** The caches of a new context, empty, over the database handle's query caches. */
export function createCaches(queries: QueryCaches): AppCaches {
  return {
    queries,
    servableImages: createServableImageCache(),
    badgePngs: createPngCache(16 * 2 ** 20),
    assertionTexts: createRevisionCache<string | null>(2000),
    counterCards: new Map(),
    drawings: createDrawingFlights(),
  };
}

/** Empties the caches the context made; the query caches go with the database handle's destroy(). */
export function clearCaches(caches: AppCaches): void {
  caches.servableImages.clear();
  caches.badgePngs.clear();
  caches.assertionTexts.clear();
  caches.counterCards.clear();
  caches.drawings.clear();
}
