import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedHash } from '../../src/lib/ids.ts';
import { createTestAppOnSocket, testClock } from '../helpers/app.ts';

// Someone guessing sends their guesses all at once, over real sockets. Each guess the server checks
// costs a scrypt hash; a guess it checked answers 401, one it refused first answers 429, and the
// counters keep one hit per wrong password checked: together they count the hashes computed.

const clock = testClock('2026-11-22T15:00:00.000Z');
let t: Awaited<ReturnType<typeof createTestAppOnSocket>>;
const ACCOUNT = 'gerant@example.org';

beforeAll(async () => {
  t = await createTestAppOnSocket({ clock });
  await t.signedIn('manager', ACCOUNT);
});
afterAll(() => t.close());

/** Posts the sign-in form on a connection of its own; resolves to the answer's status. */
function signIn(email: string, password: string): Promise<number> {
  const body = new URLSearchParams({ email, password }).toString();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: t.port,
        path: '/login',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), accept: 'text/html' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The hits a sign-in counter holds now, for an account's address or a client's address. */
async function hits(kind: 'login-account' | 'login-ip', value: string): Promise<number> {
  const rows = await t.ctx.db
    .selectFrom('rate_limit_hits')
    .select('hits')
    .where('key', '=', `${kind}:${keyedHash(t.ctx.hashKey, value)}`)
    .execute();
  return rows.reduce((sum, row) => sum + Number(row.hits), 0);
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('forty wrong passwords sent at once', () => {
  it('for one account: only the account’s limit of ten is checked, the other thirty are refused before any hash', async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(ACCOUNT, `guess-${i}`)));
    expect(count(statuses, 401)).toBe(10);
    expect(count(statuses, 429)).toBe(30);
    expect(await hits('login-account', ACCOUNT)).toBe(10);
    expect(await hits('login-ip', '127.0.0.1')).toBe(10);

    // The right password waits for the next window too, and then opens a session and counts nothing.
    expect(await signIn(ACCOUNT, 'correct horse battery')).toBe(429);
    clock.advance(15 * 60_000);
    expect(await signIn(ACCOUNT, 'correct horse battery')).toBe(303);
    expect(await hits('login-ip', '127.0.0.1')).toBe(10);
  });

  it('for forty addresses from one client: only the client’s limit of twenty is checked', async () => {
    clock.advance(15 * 60_000);
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(`nobody-${i}@example.org`, 'a guess')));
    expect(count(statuses, 401)).toBe(20);
    expect(count(statuses, 429)).toBe(20);
    // The refused attempts gave their hits back: each counter holds only what was checked.
    const perAccount = await Promise.all(Array.from({ length: 40 }, (_, i) => hits('login-account', `nobody-${i}@example.org`)));
    expect(perAccount.reduce((a, b) => a + b, 0)).toBe(20);
  });
});
