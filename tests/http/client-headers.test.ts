import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, createTestAppOnSocket, type TestApp, testClock } from '../helpers/app.ts';

// What a client writes in its own headers (X-Forwarded-For, Host) decides neither whom a limit counts nor what CSRF trusts.

const NOMINATION = {
  workplace: 'cafe-rouge',
  staffFirstName: 'Zoë',
  momentDate: '2026-11-20',
  category: 'presence',
  story: 'Elle a pris le temps de m’expliquer chaque café, sans jamais me presser.',
  publicStoryConsent: false,
  lang: 'fr',
};

const opened: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

async function app(env: Record<string, string>) {
  const t = await createTestApp({ clock: testClock(), env });
  opened.push(t);
  await t.addWorkplace('cafe-rouge');
  return t;
}

/** The statuses of nominations sent one after another, each with the X-Forwarded-For `forwardedFor(i)`. */
async function nominate(t: TestApp, count: number, forwardedFor: (i: number) => string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    statuses.push((await t.postJson('/api/v1/nominations', NOMINATION, { 'x-forwarded-for': forwardedFor(i) })).status);
  }
  return statuses;
}

const times = (n: number, status: number) => Array.from({ length: n }, () => status);

describe('Élan behind one proxy (TRUST_PROXY=on)', () => {
  it('limits a customer who writes their own X-Forwarded-For entries: the one the proxy appended counts', async () => {
    const t = await app({ TRUST_PROXY: 'on', NOMINATION_RATE_LIMIT: '20/hour' });
    const statuses = await nominate(t, 30, (i) => `10.9.8.${i}, 203.0.113.7`);
    expect(statuses).toEqual([...times(20, 201), ...times(10, 429)]);
    // Someone else behind the same proxy is not held back.
    expect(await nominate(t, 1, () => '10.9.8.1, 198.51.100.4')).toEqual([201]);
  });

  it('counts wrong passwords by the address the proxy saw, however the client fills the header', async () => {
    const t = await app({ TRUST_PROXY: 'on' });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      // An account each: only the limit per address can stop this.
      const res = await t.postForm(
        '/login',
        { email: `nobody-${i}@example.org`, password: 'guess number one' },
        { 'x-forwarded-for': `10.9.8.${i}, 203.0.113.8` },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...times(20, 401), ...times(5, 429)]);
  });
});

describe('Élan behind several proxies (TRUST_PROXY=N)', () => {
  it('takes the Nth entry from the right', async () => {
    const t = await app({ TRUST_PROXY: '2', NOMINATION_RATE_LIMIT: '3/hour' });
    expect(await nominate(t, 5, (i) => `10.9.8.${i}, 203.0.113.9, 10.0.0.2`)).toEqual([...times(3, 201), ...times(2, 429)]);
    // The same inner proxy, another client.
    expect(await nominate(t, 1, () => '203.0.113.10, 10.0.0.2')).toEqual([201]);
  });
});

describe('an X-Forwarded-For that holds no address', () => {
  it('counts the request under the socket’s peer', async () => {
    const t = await createTestAppOnSocket({ clock: testClock(), env: { TRUST_PROXY: 'on', NOMINATION_RATE_LIMIT: '3/hour' } });
    opened.push(t);
    await t.addWorkplace('cafe-rouge');
    const garbage = ['not an address', 'unknown', '999.1.2.3', '203.0.113.7:8080', '10.0.0.1, ', 'x'.repeat(200)];
    const statuses: number[] = [];
    for (const forwardedFor of garbage) {
      const res = await fetch(`http://127.0.0.1:${t.port}/api/v1/nominations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify(NOMINATION),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...times(3, 201), ...times(3, 429)]);
  });
});

describe('a form sent from a page whose origin is not PUBLIC_URL', () => {
  it('is refused even when the origin matches the Host the client connected to', async () => {
    const t = await createTestAppOnSocket();
    opened.push(t);
    const local = `http://127.0.0.1:${t.port}`;
    const send = (origin: string) =>
      fetch(`${local}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept: 'application/json' },
        body: 'email=nobody%40example.org&password=whatever+it+is',
      });
    const refused = await send(local);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('csrf');
    // From PUBLIC_URL's origin (http://localhost:3000 here) the same form reaches the sign-in.
    expect((await send('http://localhost:3000')).status).toBe(401);
  });
});
