import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';

const clock = testClock('2026-11-22T15:00:00.000Z');
let t: TestApp;
let marie: { id: string; cookie: string };
let rouge: { id: string };

const ORIGIN = { origin: 'http://localhost:3000' };
const en = { 'accept-language': 'en' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (path: string, headers: Record<string, string>) => t.app.request(path, { headers });
const make = (body: unknown, headers: Record<string, string>) => t.postJson('/api/v1/tokens', body, { ...ORIGIN, ...headers });
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;
type Made = { id: string; token: string; name: string; expiresAt: string };

beforeAll(async () => {
  t = await createTestApp({ clock });
  rouge = await t.addWorkplace('cafe-rouge');
  marie = await t.signedIn('manager', 'marie@rouge.example', [rouge.id]);
});
afterAll(() => t.close());

describe('a manager makes an API token from their session', () => {
  it('gets it once, ending in 90 days unless they choose between 1 and 365', async () => {
    const byDefault = await make({ name: 'rapport' }, { cookie: marie.cookie });
    expect(byDefault.status).toBe(201);
    const made = (await byDefault.json()) as Made;
    expect(made).toEqual({
      id: expect.any(String),
      token: expect.stringMatching(/^elan_/),
      name: 'rapport',
      expiresAt: '2027-02-20T15:00:00.000Z',
    });

    const short = (await (await make({ name: 'essai', expiresInDays: 1 }, { cookie: marie.cookie })).json()) as Made;
    expect(short.expiresAt).toBe('2026-11-23T15:00:00.000Z');
    const long = (await (await make({ name: 'année', expiresInDays: 365 }, { cookie: marie.cookie })).json()) as Made;
    expect(long.expiresAt).toBe('2027-11-22T15:00:00.000Z');
  });

  it('is told which field is wrong when the expiry is not a whole number of days from 1 to 365, and nothing is saved', async () => {
    const before = await t.countRows('api_tokens');
    for (const expiresInDays of [0, 366, 1.5, -3, '30', null]) {
      const res = await make({ name: 'mauvais', expiresInDays }, { cookie: marie.cookie });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).fields).toEqual({ expiresInDays: 'expiresInDays : un nombre entier de jours, de 1 à 365.' });
    }
    const english = await make({ name: 'bad', expiresInDays: 400 }, { cookie: marie.cookie, ...en });
    expect((await errorOf(english)).fields).toEqual({ expiresInDays: 'expiresInDays: a whole number of days, from 1 to 365.' });
    const nameless = await make({}, { cookie: marie.cookie, ...en });
    expect((await errorOf(nameless)).fields).toEqual({ name: 'Give the token a name of 1 to 80 characters (what it is for).' });
    expect(await t.countRows('api_tokens')).toBe(before);
  });

  it('cannot have a token mint another token (403, in the caller’s language), and nothing is saved', async () => {
    const { token } = (await (await make({ name: 'script' }, { cookie: marie.cookie })).json()) as Made;
    const before = await t.countRows('api_tokens');
    const fr = await make({ name: 'enfant' }, bearer(token));
    expect(fr.status).toBe(403);
    expect(await errorOf(fr)).toEqual({
      code: 'session_required',
      message: 'Un jeton d’API se crée depuis une session ouverte dans Élan, pas avec un autre jeton.',
    });
    const english = await make({ name: 'child', expiresInDays: 9999 }, { ...bearer(token), ...en });
    expect(english.status).toBe(403);
    expect((await errorOf(english)).message).toBe('API tokens are made from a signed-in session in Élan, not with another token.');
    const page = await t.postForm('/manage/tokens', { name: 'page', expiresInDays: '30' }, bearer(token));
    expect(page.status).toBe(403);
    expect(await t.countRows('api_tokens')).toBe(before);
  });
});

describe('a script using a token', () => {
  it('works until the token’s end, then gets a 401 saying it expired', async () => {
    const start = clock.now().toISOString();
    const { token, expiresAt } = (await (await make({ name: 'court', expiresInDays: 1 }, { cookie: marie.cookie })).json()) as Made;
    clock.set(new Date(Date.parse(expiresAt) - 1).toISOString());
    expect((await get('/api/v1/nominations', bearer(token))).status).toBe(200);
    clock.set(expiresAt);
    const fr = await get('/api/v1/nominations', bearer(token));
    expect(fr.status).toBe(401);
    expect(fr.headers.get('www-authenticate')).toContain('Bearer');
    expect(await errorOf(fr)).toEqual({
      code: 'token_expired',
      message: 'Ce jeton d’accès a expiré. Créez-en un nouveau dans Élan (Gestion, Jetons d’API).',
    });
    const english = await get('/api/v1/nominations', { ...bearer(token), ...en });
    expect((await errorOf(english)).message).toBe('This access token has expired. Make a new one in Élan (Management, API tokens).');
    clock.set(start);
  });

  it('keeps working after its maker signs out, by design', async () => {
    const login = await t.postForm('/login', { email: 'marie@rouge.example', password: 'correct horse battery' });
    const cookie = /elan_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const { token } = (await (await make({ name: 'nuit' }, { cookie })).json()) as Made;
    expect((await t.postForm('/logout', {}, { cookie })).status).toBe(303);
    expect((await get('/api/v1/tokens', { cookie })).status).toBe(401);
    expect((await get('/api/v1/nominations', bearer(token))).status).toBe(200);
  });

  it('shows when it was last used, written at most once a minute', async () => {
    const start = clock.now().getTime();
    const { id, token } = (await (await make({ name: 'cron' }, { cookie: marie.cookie })).json()) as Made;
    const lastUsed = async () =>
      (await t.ctx.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at;
    expect(await lastUsed()).toBeNull();
    await get('/api/v1/nominations', bearer(token));
    expect(await lastUsed()).toBe(new Date(start).toISOString());
    clock.advance(59_000);
    await get('/api/v1/nominations', bearer(token));
    expect(await lastUsed()).toBe(new Date(start).toISOString());
    clock.advance(2_000);
    await get('/api/v1/nominations', bearer(token));
    expect(await lastUsed()).toBe(new Date(start + 61_000).toISOString());
    clock.set(new Date(start).toISOString());
  });
});

describe('a manager’s list of tokens', () => {
  it('holds only their own live tokens, in the documented shape; they revoke one of theirs but not another’s (404)', async () => {
    const paul = await t.signedIn('manager', 'paul@rouge.example', [rouge.id]);
    const mine = (await (await make({ name: 'à révoquer', expiresInDays: 7 }, { cookie: paul.cookie })).json()) as Made;
    const kept = (await (await make({ name: 'gardé' }, { cookie: paul.cookie })).json()) as Made;
    const theirs = (await (await make({ name: 'de Marie' }, { cookie: marie.cookie })).json()) as Made;

    const list = await get('/api/v1/tokens', { cookie: paul.cookie });
    expect(await list.json()).toEqual({
      items: [
        { id: kept.id, name: 'gardé', createdAt: '2026-11-22T15:00:00.000Z', lastUsedAt: null, expiresAt: '2027-02-20T15:00:00.000Z' },
        { id: mine.id, name: 'à révoquer', createdAt: '2026-11-22T15:00:00.000Z', lastUsedAt: null, expiresAt: '2026-11-29T15:00:00.000Z' },
      ],
    });

    const other = await t.app.request(`/api/v1/tokens/${theirs.id}`, { method: 'DELETE', headers: { cookie: paul.cookie, ...ORIGIN } });
    expect(other.status).toBe(404);
    expect((await get('/api/v1/nominations', bearer(theirs.token))).status).toBe(200);
    const revoked = await t.app.request(`/api/v1/tokens/${mine.id}`, { method: 'DELETE', headers: { cookie: paul.cookie, ...ORIGIN } });
    expect(revoked.status).toBe(204);
    expect((await get('/api/v1/nominations', bearer(mine.token))).status).toBe(401);
    const after = (await (await get('/api/v1/tokens', { cookie: paul.cookie })).json()) as { items: { id: string }[] };
    expect(after.items.map((i) => i.id)).toEqual([kept.id]);
  });
});

describe('the API tokens page', () => {
  it('makes a token and shows its value once, says tokens outlive sign-out but expire, and revokes', async () => {
    const lea = await t.signedIn('manager', 'lea@rouge.example', [rouge.id]);
    const made = await t.postForm('/manage/tokens', { name: 'tableur', expiresInDays: '30' }, { cookie: lea.cookie });
    expect(made.status).toBe(200);
    expect(made.headers.get('cache-control')).toBe('no-store');
    const html = await made.text();
    const token = /<code>(elan_[^<]+)<\/code>/.exec(html)?.[1];
    expect(token).toBeDefined();
    expect((await get('/api/v1/nominations', bearer(token!))).status).toBe(200);
    const stored = await t.ctx.db
      .selectFrom('api_tokens')
      .select(['id', 'expires_at'])
      .where('user_id', '=', lea.id)
      .executeTakeFirstOrThrow();
    expect(stored.expires_at).toBe('2026-12-22T15:00:00.000Z');

    const page = await get('/manage/tokens', { cookie: lea.cookie, accept: 'text/html' });
    const listed = await page.text();
    expect(listed).toContain('tableur');
    expect(listed).not.toContain(token!);
    expect(listed).toContain('Un jeton reste valide après votre déconnexion');
    expect(listed).toContain('22 décembre 2026');
    const english = await (await get('/manage/tokens?lang=en', { cookie: lea.cookie, accept: 'text/html' })).text();
    expect(english).toContain('A token keeps working after you sign out');

    const revoked = await t.postForm(`/manage/tokens/${stored.id}/revoke`, {}, { cookie: lea.cookie });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/manage/tokens');
    expect((await get('/api/v1/nominations', bearer(token!))).status).toBe(401);
  });

  it('re-renders the form with the name kept and the expiry’s problem next to it, saving nothing', async () => {
    const lea = await t.signedIn('manager', 'lea.form@rouge.example', [rouge.id]);
    const before = await t.countRows('api_tokens');
    const res = await t.postForm('/manage/tokens', { name: 'mon script', expiresInDays: '500' }, { cookie: lea.cookie });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="mon script"');
    expect(html).toContain('expiresInDays : un nombre entier de jours, de 1 à 365.');
    expect(await t.countRows('api_tokens')).toBe(before);
  });
});
