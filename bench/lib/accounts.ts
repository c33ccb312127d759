import type { Kysely } from 'kysely';
import { SESSION_COOKIE } from '../../src/auth/guards.ts';
import type { Database } from '../../src/db/database.ts';
import { idFrom, newId, newToken, sha256Hex } from '../../src/lib/ids.ts';

const SESSION_DAYS = 14;
const DAY_MS = 86_400_000;

export type SignedInUser = Readonly<{ id: string; cookie: string }>;

/**
 * A reviewer's account with a live session, written straight into the database as
 * tests/helpers/app.ts signedIn does: the bench measures pages and APIs, not the sign-in. Returns
 * the Cookie header that session sends. It has no password (nobody signs in with it).
 */
export async function addSignedInUser(
  db: Kysely<Database>,
  user: { role: 'admin' | 'manager'; email: string; workplaceIds?: readonly string[]; now?: Date },
): Promise<SignedInUser> {
  const now = (user.now ?? new Date()).getTime();
  const at = new Date(now).toISOString();
  const id = idFrom(now);
  await db
    .insertInto('users')
    .values({ id, email: user.email, password_hash: null, role: user.role, lang: 'fr', created_at: at, updated_at: at })
    .execute();
  for (const workplaceId of user.workplaceIds ?? [])
    await db.insertInto('workplace_managers').values({ workplace_id: workplaceId, user_id: id, created_at: at }).execute();
  const token = newToken();
  await db
    .insertInto('sessions')
    .values({
      id: newId(),
      token_hash: sha256Hex(token),
      user_id: id,
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(now + SESSION_DAYS * DAY_MS).toISOString(),
    })
    .execute();
  return { id, cookie: `${SESSION_COOKIE}=${token}` };
}
