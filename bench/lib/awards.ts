import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { addSignedInUser } from './accounts.ts';
import { addNominatedWorkplace, nominationRequest } from './nominations.ts';

// An award made the way people make one, through a running server's API: a customer nominates,
// the workplace's manager approves, the employee claims.

/** Fills a fresh database with what a claimed award needs: the workplace and its signed-in manager. */
export async function addWorkplaceWithManager(db: Kysely<Database>): Promise<{ managerCookie: string }> {
  const workplaceId = await addNominatedWorkplace(db);
  const manager = await addSignedInUser(db, { role: 'manager', email: 'bench.manager@example.org', workplaceIds: [workplaceId] });
  return { managerCookie: manager.cookie };
}

/** Sends a request and gives its JSON answer, or throws with what the server said. */
async function answer<T>(what: string, url: string, init: RequestInit, status = 200): Promise<T> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/**
 * Nominates, approves (as the manager whose session cookie is given) and claims (with a public
 * page and the story shown) through the server at `baseUrl`; returns the award's id.
 */
export async function claimedAwardThroughApi(baseUrl: string, managerCookie: string): Promise<string> {
  const nomination = nominationRequest(baseUrl);
  const { id: nominationId } = await answer<{ id: string }>('nominate', nomination.url, nomination, 201);
  const approved = await answer<{ award: { id: string; claimUrl: string } }>(
    'approve',
    `${baseUrl}/api/v1/nominations/${nominationId}/approve`,
    {
      method: 'POST',
      headers: { cookie: managerCookie, origin: baseUrl },
    },
  );
  const token = new URL(approved.award.claimUrl).pathname.split('/').pop()!;
  const claimed = await answer<{ award: { id: string } }>('claim', `${baseUrl}/api/v1/claims/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'zoe.martin@example.org', publicPage: true, showStory: true, lang: 'fr' }),
  });
  if (claimed.award.id !== approved.award.id)
    throw new Error(`claim: the award claimed (${claimed.award.id}) is not the one approved (${approved.award.id})`);
  return claimed.award.id;
}
