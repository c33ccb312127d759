import type { Kysely } from 'kysely';
import { precompile } from '../db/connect.ts';
import type { Database } from '../db/database.ts';

export type RateLimitRule = Readonly<{ max: number; windowSeconds: number }>;
export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number };
/** One limit among several counted together: what is limited (a keyed hash) and its rule. */
export type RateLimit = Readonly<{ key: string; rule: RateLimitRule }>;
/** A hit as counted, so that it can be given back (releaseRateLimitHits). */
export type RateLimitHit = Readonly<{ key: string; windowStart: number }>;

/** The fixed window `now` falls in: its start, and the seconds left until the next one. */
function windowOf(rule: RateLimitRule, now: Date): { windowStart: number; retryAfterSeconds: number } {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const windowStart = nowSeconds - (nowSeconds % rule.windowSeconds);
  return { windowStart, retryAfterSeconds: windowStart + rule.windowSeconds - nowSeconds };
}

// Every nomination counts a hit, so the upsert is compiled once (precompile in connect.ts).
const countHits = precompile<{ key: string; window_start: number; hits: number }, { hits: number }>(
  { key: true, window_start: true, hits: true },
  (db, slots) =>
    db
      .insertInto('rate_limit_hits')
      .values(slots)
      .onConflict((oc) =>
        oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ hits: eb('rate_limit_hits.hits', '+', eb.ref('excluded.hits')) })),
      )
      .returning('hits'),
);

/**
 * Counts `count` hits (one by default) for `key` in the current fixed window and says whether the
 * window's total, `hits`, is within the rule. The counter lives in the database so every process of
 * the instance shares it.
 */
export async function hitRateLimit(
  db: Kysely<Database>,
  key: string,
  rule: RateLimitRule,
  now: Date,
  count = 1,
): Promise<RateLimitResult & { hits: number }> {
  const { windowStart, retryAfterSeconds } = windowOf(rule, now);
  const [row] = await countHits(db, { key, window_start: windowStart, hits: count });
  await sweepNowAndThen(db, now);
  return { allowed: row!.hits <= rule.max, retryAfterSeconds, hits: row!.hits };
}

/**
 * Counts one hit under each of several limits (distinct keys) in one statement, and says whether
 * all are within their rules. One statement ranks callers arriving together in the same order
 * under every key, so the first `max` of a burst pass and the rest are refused before any costly work.
 */
export async function hitRateLimits(
  db: Kysely<Database>,
  limits: readonly RateLimit[],
  now: Date,
): Promise<RateLimitResult & { hits: RateLimitHit[] }> {
  // In key order, so that on PostgreSQL two statements sharing keys lock their rows in the same order.
  const windows = limits.map(({ key, rule }) => ({ key, rule, ...windowOf(rule, now) })).sort((a, b) => (a.key < b.key ? -1 : 1));
  const rows = await db
    .insertInto('rate_limit_hits')
    .values(windows.map(({ key, windowStart }) => ({ key, window_start: windowStart, hits: 1 })))
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ hits: eb('rate_limit_hits.hits', '+', 1) })))
    .returning(['key', 'hits'])
    .execute();
  // RETURNING promises no order: each row is found by its key.
  const counted = new Map(rows.map((row) => [row.key, row.hits]));
  await sweepNowAndThen(db, now);
  const over = windows.filter(({ key, rule }) => (counted.get(key) ?? 0) > rule.max);
  return {
    allowed: over.length === 0,
    retryAfterSeconds: Math.max(0, ...over.map((w) => w.retryAfterSeconds)),
    hits: windows.map(({ key, windowStart }) => ({ key, windowStart })),
  };
}

/** Gives back hits counted by hitRateLimits, for attempts that in the end should not count. */
export async function releaseRateLimitHits(db: Kysely<Database>, hits: readonly RateLimitHit[]): Promise<void> {
  // One counter a statement: holding no counter's lock while waiting for another's, a release
  // cannot deadlock with hitRateLimits on PostgreSQL.
  for (const hit of hits) {
    await db
      .updateTable('rate_limit_hits')
      .set((eb) => ({ hits: eb('hits', '-', 1) }))
      .where('key', '=', hit.key)
      .where('window_start', '=', hit.windowStart)
      .where('hits', '>', 0)
      .execute();
  }
}

// Old windows are dead weight; sweeping now and then keeps the table small without a timer.
async function sweepNowAndThen(db: Kysely<Database>, now: Date): Promise<void> {
  if (Math.random() < 0.001) await sweepRateLimits(db, Math.floor(now.getTime() / 1000) - 2 * 86_400);
}

/** Deletes counters of windows that started before `beforeSeconds`. */
export async function sweepRateLimits(db: Kysely<Database>, beforeSeconds: number): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('window_start', '<', beforeSeconds).execute();
}
