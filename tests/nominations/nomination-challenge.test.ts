import { createChallenge, solveChallenge } from 'altcha-lib/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { sweepSpentChallenges } from '../../src/nominations/challenge-queries.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { A_NOMINATION } from '../helpers/journey.ts';

// A bot sends nominations by the thousand; the operator turns NOMINATION_CHALLENGE on, and from then on
// every nomination, from the form or the API, carries a proof of work its sender's machine paid for.

const fr = translator('fr');
const en = translator('en');

type Challenge = { algorithm: 'SHA-256'; challenge: string; salt: string; signature: string; maxnumber: number };
type ApiError = { error: { code: string; message: string; fields?: Record<string, string> } };

/** What the widget does in a browser: finds the number, and sends back the challenge with it, as base64 JSON. */
async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  if (!solution) throw new Error('the challenge has no solution below its maxnumber');
  const { algorithm, challenge: hash, salt, signature } = challenge;
  return Buffer.from(JSON.stringify({ algorithm, challenge: hash, number: solution.number, salt, signature })).toString('base64');
}

async function fetchChallenge(t: TestApp): Promise<Challenge> {
  const res = await t.app.request('/api/v1/challenge');
  expect(res.status).toBe(200);
  return (await res.json()) as Challenge;
}

// Each solution costs the test what it costs a phone (up to a few seconds here, on one thread): the tests get room for it.
describe('with NOMINATION_CHALLENGE=on, the API asks for a solved challenge', { timeout: 60_000 }, () => {
  const clock = testClock('2026-11-22T15:00:00.000Z');
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { NOMINATION_CHALLENGE: 'on', NOMINATION_RATE_LIMIT: '1000/hour' } });
    await t.addWorkplace('cafe-rouge');
  });
  afterAll(() => t.close());

  it('gives a fresh ALTCHA challenge, signed, never cached', async () => {
    const res = await t.app.request('/api/v1/challenge');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const challenge = (await res.json()) as Challenge;
    expect(Object.keys(challenge).sort()).toEqual(['algorithm', 'challenge', 'maxnumber', 'salt', 'signature']);
    expect(challenge.algorithm).toBe('SHA-256');
    expect(challenge.challenge).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    // The expiry travels in the salt, which the signature covers: ten minutes from the test clock's now.
    expect(challenge.salt).toContain(`expires=${Date.parse('2026-11-22T15:10:00.000Z') / 1000}`);
    expect((await fetchChallenge(t)).challenge).not.toBe(challenge.challenge);
  });

  it('takes a nomination that carries its solved challenge', async () => {
    const altcha = await solve(await fetchChallenge(t));
    const res = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, altcha });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { status: string }).status).toBe('submitted');
  });

  it('refuses the same solution a second time, naming the field, and stores nothing', async () => {
    const altcha = await solve(await fetchChallenge(t));
    expect((await t.postJson('/api/v1/nominations', { ...A_NOMINATION, altcha })).status).toBe(201);
    const before = await t.countRows('nominations');
    const again = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, altcha }, { 'accept-language': 'en' });
    expect(again.status).toBe(400);
    const body = (await again.json()) as ApiError;
    expect(body.error.fields).toEqual({ altcha: en('challenge.reused') });
    expect(await t.countRows('nominations')).toBe(before);
    // What was spent is in the database, where every process of the instance looks.
    expect(await t.countRows('spent_challenges')).toBeGreaterThanOrEqual(2);
  });

  it('refuses a nomination without the field, in the caller’s language, with the other faults named too', async () => {
    const before = await t.countRows('nominations');
    const res = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, story: 'court' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ApiError;
    expect(body.error.fields).toEqual({ story: fr('validation.story'), altcha: fr('challenge.missing') });
    const english = await t.postJson('/api/v1/nominations', A_NOMINATION, { 'accept-language': 'en' });
    expect(((await english.json()) as ApiError).error.fields).toEqual({ altcha: en('challenge.missing') });
    expect(await t.countRows('nominations')).toBe(before);
  });

  it('refuses what is not a solved challenge: garbage, a wrong number, another key’s signature', async () => {
    const challenge = await fetchChallenge(t);
    const right = JSON.parse(Buffer.from(await solve(challenge), 'base64').toString()) as { number: number };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
    const foreign = await createChallenge({
      hmacKey: 'not this instance’s key',
      maxnumber: 1000,
      expires: new Date('2026-11-22T15:10:00Z'),
    });
    const foreignSolved = await solve({ ...foreign, algorithm: 'SHA-256', maxnumber: 1000 });
    const attempts: [string, unknown][] = [
      ['not base64', 'ceci n’est pas du base64 !'],
      ['a number', 42],
      ['base64 of no JSON', Buffer.from('{{{').toString('base64')],
      ['an empty object', encode({})],
      ['the number as text', encode({ ...challenge, number: String(right.number) })],
      ['another algorithm', encode({ ...challenge, algorithm: 'SHA-1', number: right.number })],
      ['a wrong number', encode({ ...challenge, number: (right.number + 1) % challenge.maxnumber })],
      ['a changed salt', encode({ ...challenge, salt: challenge.salt.replace(/expires=\d+/, 'expires=9999999999'), number: right.number })],
      ['another key', foreignSolved],
    ];
    const before = await t.countRows('nominations');
    for (const [what, altcha] of attempts) {
      const res = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, altcha });
      expect(res.status, what).toBe(400);
      expect(((await res.json()) as ApiError).error.fields, what).toEqual({ altcha: fr('challenge.invalid') });
    }
    expect(await t.countRows('nominations')).toBe(before);
  });

  it('refuses a challenge solved too late: ten minutes after it was given', async () => {
    const challenge = await fetchChallenge(t);
    const early = await solve(await fetchChallenge(t));
    const late = await solve(challenge);
    clock.advance(10 * 60_000 - 1000);
    expect((await t.postJson('/api/v1/nominations', { ...A_NOMINATION, altcha: early })).status).toBe(201);
    clock.advance(1000);
    const res = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, altcha: late });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ApiError).error.fields).toEqual({ altcha: fr('challenge.expired') });
  });

  it('forgets spent challenges once they have expired, when swept', async () => {
    const spent = await t.countRows('spent_challenges');
    expect(spent).toBeGreaterThan(0);
    await sweepSpentChallenges(t.ctx.db, new Date(clock.now().getTime() + 10 * 60_000 + 1000).toISOString());
    expect(await t.countRows('spent_challenges')).toBe(0);
  });
});

describe('with NOMINATION_CHALLENGE=on, the form carries the widget', { timeout: 60_000 }, () => {
  // The form's fields carry the API's names: the same nomination, as a browser sends it.
  const { staffFirstName, momentDate, category, story } = A_NOMINATION;
  const form = { staffFirstName, momentDate, category, story, publicStoryConsent: 'on' };
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ clock: testClock('2026-11-22T15:00:00.000Z'), env: { NOMINATION_CHALLENGE: 'on' } });
    await t.addWorkplace('cafe-rouge');
  });
  afterAll(() => t.close());

  it('shows the widget, served by Élan, and says what happens without JavaScript', async () => {
    for (const path of ['/nominate', '/w/cafe-rouge/nominate']) {
      const html = await (await t.app.request(path)).text();
      expect(html, path).toContain('<altcha-widget name="altcha" challengeurl="/api/v1/challenge" workerurl="/assets/altcha-worker.js"');
      expect(html, path).toContain('<script type="module" src="/assets/altcha.js"></script>');
      expect(html, path).toContain('<link rel="stylesheet" href="/assets/altcha.css"/>');
      expect(html, path).toContain(`<noscript><p class="error">${fr('challenge.noscript')}</p></noscript>`);
    }
    for (const [name, type] of [
      ['altcha.js', 'text/javascript'],
      ['altcha-worker.js', 'text/javascript'],
      ['altcha.css', 'text/css'],
    ] as const) {
      const res = await t.app.request(`/assets/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toContain(type);
    }
    expect(await (await t.app.request('/assets/altcha.js')).text()).toContain('customElements.define("altcha-widget"');
  });

  it('gives the form back with everything typed and the message beside the check, when the check is missing', async () => {
    const res = await t.postForm('/w/cafe-rouge/nominate', { ...form, lang: 'en' }, { 'accept-language': 'en' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(en('challenge.missing'));
    expect(html).toContain('id="f-altcha-error"');
    expect(html).toContain('value="Zoë"');
    expect(html).toContain(form.story);
    expect(await t.countRows('nominations')).toBe(0);
  });

  it('takes the form with the solved challenge the widget adds', async () => {
    const altcha = await solve(await fetchChallenge(t));
    const res = await t.postForm('/w/cafe-rouge/nominate', { ...form, altcha });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/n\//);
    expect(await t.countRows('nominations')).toBe(1);
  });
});

describe('by default (NOMINATION_CHALLENGE off)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ clock: testClock('2026-11-22T15:00:00.000Z') });
    await t.addWorkplace('cafe-rouge');
  });
  afterAll(() => t.close());

  it('takes nominations without the field, and an API client sending one anyway is not refused for it', async () => {
    expect(t.ctx.config.nominationChallenge).toBe(false);
    expect((await t.postJson('/api/v1/nominations', A_NOMINATION)).status).toBe(201);
    expect((await t.postJson('/api/v1/nominations', { ...A_NOMINATION, altcha: 'anything' })).status).toBe(201);
  });

  it('shows no widget on the form', async () => {
    const html = await (await t.app.request('/nominate')).text();
    expect(html).not.toContain('altcha');
  });
});
