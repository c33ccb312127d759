import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { addDays, isoDay } from '../../src/lib/clock.ts';
import { newId } from '../../src/lib/ids.ts';
import { insertWorkplace } from '../../src/workplaces/workplace-queries.ts';
import type { LoadRequest } from './load.ts';

// What every section that takes nominations sends, and the workplace it names.

/** Nominations a second that one Élan server on SQLite must take (issue 2). */
export const TARGET_NOMINATIONS_PER_SECOND = 2_000;
export const NOMINATIONS_PATH = '/api/v1/nominations';
export const WORKPLACE_SLUG = 'cafe-du-banc';
/** Every request comes from 127.0.0.1: a limit this high measures the work, not the refusal. */
export const RATE_LIMIT_OUT_OF_REACH = '1000000000/hour';

/** A nomination as the public form's customers send it, its moment yesterday. */
export function nominationBody(today: Date) {
  return {
    workplace: WORKPLACE_SLUG,
    staffFirstName: 'Zoë',
    staffRole: 'barista',
    momentDate: isoDay(addDays(today, -1)),
    momentPlace: 'au comptoir',
    category: 'presence',
    story: 'Elle a pris le temps de m’expliquer chaque café, sans jamais me presser.',
    nominatorName: 'Luc',
    nominatorEmail: 'luc@example.org',
    publicStoryConsent: true,
    lang: 'fr',
  };
}

/** The POST a customer's phone makes, to the server at `baseUrl`. */
export function nominationRequest(baseUrl: string, today: Date = new Date()): LoadRequest {
  return {
    url: `${baseUrl}${NOMINATIONS_PATH}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(nominationBody(today)),
  };
}

/** Adds the workplace the nominations name, as the admin's screens would; returns its id. */
export async function addNominatedWorkplace(db: Kysely<Database>): Promise<string> {
  const at = new Date().toISOString();
  const id = newId();
  await insertWorkplace(db, {
    id,
    slug: WORKPLACE_SLUG,
    name: 'Café du Banc',
    city: 'Montréal',
    public_wall: 0,
    lang: 'fr',
    created_at: at,
    updated_at: at,
  });
  return id;
}
