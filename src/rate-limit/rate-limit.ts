import type { Kysely } from 'kysely';
import { precompile } from '../db/connect.ts';
import type { Database } from '../db/database.ts';

export type RateLimitRule = Readonly<{ max: number; windowSeconds: number }>;
export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number };

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
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const windowStart = nowSeconds - (nowSeconds % rule.windowSeconds);
  const [row] = await countHits(db, { key, window_start: windowStart, hits: count });
  // Old windows are dead weight; sweeping now and then keeps the table small without a timer.
  if (Math.random() < 0.001) await sweepRateLimits(db, nowSeconds - 2 * 86_400);
  return { allowed: row!.hits <= rule.max, retryAfterSeconds: windowStart + rule.windowSeconds - nowSeconds, hits: row!.hits };
}

/** Deletes counters of windows that started before `beforeSeconds`. */
export async function sweepRateLimits(db: Kysely<Database>, beforeSeconds: number): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('window_start', '<', beforeSeconds).execute();
}

/** Whether `key` is still within the rule in the current window, without counting a hit. */
export async function checkRateLimit(db: Kysely<Database>, key: string, rule: RateLimitRule, now: Date): Promise<RateLimitResult> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const windowStart = nowSeconds - (nowSeconds % rule.windowSeconds);
  const row = await db
    .selectFrom('rate_limit_hits')
    .select('hits')
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return { allowed: (row?.hits ?? 0) < rule.max, retryAfterSeconds: windowStart + rule.windowSeconds - nowSeconds };
}
