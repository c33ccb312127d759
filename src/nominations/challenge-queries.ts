import type { Db } from '../db/database.ts';

/**
 * Spends a solved challenge at `now` (ISO): true the first time, false when any process spent it
 * already. In the nomination's transaction, so a refused nomination leaves its challenge unspent.
 */
export async function spendChallenge(db: Db, challenge: string, expiresAt: string, now: string): Promise<boolean> {
  // Expired rows are dead weight; sweeping now and then keeps the table small without a timer.
  if (Math.random() < 0.01) await sweepSpentChallenges(db, now);
  const spent = await db
    .insertInto('spent_challenges')
    .values({ challenge, expires_at: expiresAt })
    .onConflict((oc) => oc.column('challenge').doNothing())
    .returning('challenge')
    .executeTakeFirst();
  return spent !== undefined;
}

/** Forgets the challenges expired before `before` (ISO): from then on their expiry alone refuses them. */
export async function sweepSpentChallenges(db: Db, before: string): Promise<void> {
  await db.deleteFrom('spent_challenges').where('expires_at', '<', before).execute();
}
