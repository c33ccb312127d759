import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/ids.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { A_NOMINATION } from '../helpers/journey.ts';

const clock = testClock('2026-11-22T15:00:00.000Z');
let t: TestApp;
let admin: { id: string; cookie: string };
let rouge: { id: string };
let bleu: { id: string };
let rougeNomination: string;
let bleuNomination: string;

const ORIGIN = 'http://localhost:3000';
const en = { 'accept-language': 'en' };
const get = (path: string, headers: Record<string, string>) => t.app.request(path, { headers });
const del = (path: string, headers: Record<string, string>) =>
  t.app.request(path, { method: 'DELETE', headers: { origin: ORIGIN, ...headers } });
const post = (path: string, headers: Record<string, string>, body: unknown = {}) => t.postJson(path, body, { origin: ORIGIN, ...headers });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A token made from a session, as a manager does before scripting. */
async function tokenFor(cookie: string): Promise<{ id: string; token: string }> {
  const res = await post('/api/v1/tokens', { cookie }, { name: 'script' });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string };
}

async function nominationAt(workplace: string): Promise<string> {
  const res = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, workplace });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  rouge = await t.addWorkplace('cafe-rouge');
  bleu = await t.addWorkplace('cafe-bleu', 'Café Bleu', 'Québec');
  admin = await t.signedIn('admin', 'admin@example.org');
  rougeNomination = await nominationAt('cafe-rouge');
  bleuNomination = await nominationAt('cafe-bleu');
});
afterAll(() => t.close());

describe('the admin looks at a workplace’s managers', () => {
  it('lists those who manage it (id, email, since) and the invitations still pending, for the admin and its managers only', async () => {
    const lea = await t.signedIn('manager', 'lea@rouge.example', [rouge.id]);
    const other = await t.signedIn('manager', 'other@bleu.example', [bleu.id]);
    const invited = await post('/api/v1/workplaces/cafe-rouge/managers', { cookie: admin.cookie }, { email: 'new@rouge.example' });
    expect(invited.status).toBe(201);

    for (const cookie of [admin.cookie, lea.cookie]) {
      const res = await get('/api/v1/workplaces/cafe-rouge/managers', { cookie });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        managers: [{ id: lea.id, email: 'lea@rouge.example', since: '2026-11-22T15:00:00.000Z' }],
        invited: [{ email: 'new@rouge.example', invitedAt: '2026-11-22T15:00:00.000Z', expiresAt: '2026-12-06T15:00:00.000Z' }],
      });
    }
    expect((await get('/api/v1/workplaces/cafe-rouge/managers', { cookie: other.cookie })).status).toBe(403);

    const page = await get('/manage/workplaces/cafe-rouge', { cookie: admin.cookie, accept: 'text/html' });
    const html = await page.text();
    expect(html).toContain(`action="/manage/workplaces/cafe-rouge/managers/${lea.id}/remove"`);
    expect(html).toContain('new@rouge.example');
    expect(html).toContain('valide jusqu’au 6 décembre 2026');
    const managerView = await (await get('/manage/workplaces/cafe-rouge', { cookie: lea.cookie, accept: 'text/html' })).text();
    expect(managerView).toContain('lea@rouge.example');
    expect(managerView).not.toContain('/remove"');
  });
});

describe('a manager removed from a workplace', () => {
  it('loses it at once in their open session and through their token, and keeps their other workplace', async () => {
    const marie = await t.signedIn('manager', 'marie@example.org', [rouge.id, bleu.id]);
    const { token } = await tokenFor(marie.cookie);
    for (const headers of [{ cookie: marie.cookie }, bearer(token)]) {
      expect((await get(`/api/v1/nominations/${rougeNomination}`, headers)).status).toBe(200);
    }
    // An invitation sent again and never used must not be her way back.
    const again = await post('/api/v1/workplaces/cafe-rouge/managers', { cookie: admin.cookie }, { email: 'marie@example.org' });
    const invitePath = new URL(((await again.json()) as { inviteUrl: string }).inviteUrl).pathname;

    const removed = await del(`/api/v1/workplaces/cafe-rouge/managers/${marie.id}`, { cookie: admin.cookie });
    expect(removed.status).toBe(204);

    for (const headers of [{ cookie: marie.cookie }, bearer(token)]) {
      expect((await get(`/api/v1/nominations/${rougeNomination}`, headers)).status).toBe(403);
      expect((await get('/api/v1/workplaces/cafe-rouge/managers', headers)).status).toBe(403);
      expect((await get(`/api/v1/nominations/${bleuNomination}`, headers)).status).toBe(200);
      const workplaces = (await (await get('/api/v1/workplaces', headers)).json()) as { items: { slug: string }[] };
      expect(workplaces.items.map((w) => w.slug)).toEqual(['cafe-bleu']);
    }
    const list = (await (await get('/api/v1/workplaces/cafe-rouge/managers', { cookie: admin.cookie })).json()) as {
      managers: { email: string }[];
    };
    expect(list.managers.map((m) => m.email)).not.toContain('marie@example.org');
    expect((await get(invitePath, { accept: 'text/html' })).status).toBe(404);
  });

  it('loses their sessions and tokens when it was their last workplace (removed from the settings page)', async () => {
    const paul = await t.signedIn('manager', 'paul@example.org', [bleu.id]);
    const { id: tokenId, token } = await tokenFor(paul.cookie);
    const second = await t.signedIn('manager', 'paul.second@example.org', [bleu.id]);

    const res = await t.postForm(`/manage/workplaces/cafe-bleu/managers/${paul.id}/remove`, {}, { cookie: admin.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/manage/workplaces/cafe-bleu');

    expect((await get('/manage', { cookie: paul.cookie, accept: 'text/html' })).status).toBe(303);
    expect((await get('/api/v1/tokens', { cookie: paul.cookie })).status).toBe(401);
    expect((await get('/api/v1/tokens', bearer(token))).status).toBe(401);
    expect(await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', paul.id).execute()).toEqual([]);
    const stored = await t.ctx.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', tokenId).executeTakeFirstOrThrow();
    expect(stored.revoked_at).toBe(clock.now().toISOString());
    // Someone else of the same workplace keeps everything.
    expect((await get(`/api/v1/nominations/${bleuNomination}`, { cookie: second.cookie })).status).toBe(200);
  });

  it('cannot be removed by a manager, and removing someone who does not manage it is a 404 said in the caller’s language', async () => {
    const lucie = await t.signedIn('manager', 'lucie@example.org', [rouge.id]);
    const other = await t.signedIn('manager', 'other.rouge@example.org', [rouge.id]);
    const refused = await del(`/api/v1/workplaces/cafe-rouge/managers/${other.id}`, { cookie: lucie.cookie });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toBe('Cette action ne vous est pas permise.');

    const fr = await del(`/api/v1/workplaces/cafe-bleu/managers/${lucie.id}`, { cookie: admin.cookie });
    expect(fr.status).toBe(404);
    expect((await errorOf(fr)).message).toBe('Cette page n’existe pas ou n’existe plus.');
    const english = await del(`/api/v1/workplaces/cafe-bleu/managers/${lucie.id}`, { cookie: admin.cookie, ...en });
    expect((await errorOf(english)).message).toBe('This page does not exist, or no longer does.');
    expect((await get(`/api/v1/nominations/${rougeNomination}`, { cookie: other.cookie })).status).toBe(200);
  });
});

describe('the admin disables an account', () => {
  it('ends its session and token at once; it cannot sign in (told so only with the right password) until enabled again', async () => {
    const zoe = await t.signedIn('manager', 'zoe@example.org', [rouge.id]);
    const { token } = await tokenFor(zoe.cookie);

    const disabled = await post(`/api/v1/users/${zoe.id}/disable`, { cookie: admin.cookie });
    expect(disabled.status).toBe(200);
    expect(await disabled.json()).toEqual({ id: zoe.id, disabled: true });
    expect((await get('/api/v1/tokens', { cookie: zoe.cookie })).status).toBe(401);
    expect((await get('/api/v1/tokens', bearer(token))).status).toBe(401);

    const signIn = (password: string, headers: Record<string, string> = {}) =>
      t.postForm('/login', { email: 'zoe@example.org', password }, headers);
    const refused = await signIn('correct horse battery');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('set-cookie') ?? '').not.toContain('elan_session=');
    expect(await refused.text()).toContain('Ce compte est désactivé.');
    expect(await (await signIn('correct horse battery', en)).text()).toContain('This account is disabled.');
    expect((await signIn('a wrong password')).status).toBe(401);

    expect((await post(`/api/v1/users/${zoe.id}/enable`, { cookie: admin.cookie })).status).toBe(200);
    const back = await signIn('correct horse battery');
    expect(back.status).toBe(303);
    // Enabling brings back none of what disabling ended.
    expect((await get('/api/v1/tokens', bearer(token))).status).toBe(401);
    expect((await get('/api/v1/tokens', { cookie: zoe.cookie })).status).toBe(401);
  });

  it('gets no way in through an invitation accepted while disabled', async () => {
    const kim = await t.signedIn('manager', 'kim@example.org', [rouge.id]);
    expect((await post(`/api/v1/users/${kim.id}/disable`, { cookie: admin.cookie })).status).toBe(200);
    const invited = await post('/api/v1/workplaces/cafe-bleu/managers', { cookie: admin.cookie }, { email: 'kim@example.org' });
    const invitePath = new URL(((await invited.json()) as { inviteUrl: string }).inviteUrl).pathname;
    const accepted = await t.postForm(invitePath, { password: 'correct horse battery' });
    expect(accepted.status).toBe(303);
    // The session the invitation opened belongs to a disabled account: it opens nothing.
    const cookie = /elan_session=[^;]+/.exec(accepted.headers.get('set-cookie') ?? '')![0];
    expect((await get('/api/v1/workplaces', { cookie })).status).toBe(401);
  });

  it('refuses to disable the last enabled admin (409, in the caller’s language); another admin may disable themselves', async () => {
    const fr = await post(`/api/v1/users/${admin.id}/disable`, { cookie: admin.cookie });
    expect(fr.status).toBe(409);
    expect((await errorOf(fr)).message).toBe(
      'C’est le dernier compte d’administration actif : activez-en un autre avant de le désactiver.',
    );
    const english = await post(`/api/v1/users/${admin.id}/disable`, { cookie: admin.cookie, ...en });
    expect((await errorOf(english)).message).toBe(
      'This is the last enabled administration account: enable another one before disabling it.',
    );
    const page = await t.postForm(`/manage/people/${admin.id}/disable`, {}, { cookie: admin.cookie });
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('C’est le dernier compte d’administration actif');
    expect((await get('/api/v1/users', { cookie: admin.cookie })).status).toBe(200);

    const second = await t.signedIn('admin', 'second.admin@example.org');
    expect((await post(`/api/v1/users/${second.id}/disable`, { cookie: second.cookie })).status).toBe(200);
    expect((await get('/api/v1/users', { cookie: second.cookie })).status).toBe(401);
    // With the second one disabled, the first is the last again.
    expect((await post(`/api/v1/users/${admin.id}/disable`, { cookie: admin.cookie })).status).toBe(409);
  });

  it('is not something a manager can do', async () => {
    const manager = await t.signedIn('manager', 'not.admin@example.org', [rouge.id]);
    const res = await post(`/api/v1/users/${admin.id}/disable`, { cookie: manager.cookie, ...en });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toBe('You are not allowed to do this.');
    expect((await get('/manage/people', { cookie: manager.cookie, accept: 'text/html' })).status).toBe(403);
  });
});

describe('the admin sees each person’s sessions and tokens', () => {
  it('lists people with their role, workplaces, state, open sessions and working tokens, and ends one of each', async () => {
    const anna = await t.signedIn('manager', 'anna@example.org', [rouge.id, bleu.id]);
    const phone = await t.postForm('/login', { email: 'anna@example.org', password: 'correct horse battery' });
    const phoneCookie = /elan_session=[^;]+/.exec(phone.headers.get('set-cookie') ?? '')![0];
    const { id: tokenId, token } = await tokenFor(anna.cookie);

    const people = (await (await get('/api/v1/users', { cookie: admin.cookie })).json()) as { items: any[] };
    const entry = people.items.find((p) => p.email === 'anna@example.org');
    expect(entry).toEqual({
      id: anna.id,
      email: 'anna@example.org',
      role: 'manager',
      disabled: false,
      disabledAt: null,
      createdAt: '2026-11-22T15:00:00.000Z',
      workplaces: [
        { slug: 'cafe-bleu', name: 'Café Bleu' },
        { slug: 'cafe-rouge', name: 'Café Rouge' },
      ],
      sessions: [expect.any(Object), expect.any(Object)],
      tokens: [
        { id: tokenId, name: 'script', createdAt: '2026-11-22T15:00:00.000Z', lastUsedAt: null, expiresAt: '2027-02-20T15:00:00.000Z' },
      ],
    });
    for (const session of entry.sessions) {
      expect(session).toEqual({
        id: expect.any(String),
        createdAt: '2026-11-22T15:00:00.000Z',
        lastSeenAt: '2026-11-22T15:00:00.000Z',
        expiresAt: '2026-12-06T15:00:00.000Z',
      });
    }
    expect(JSON.stringify(people)).not.toMatch(/password|token_hash/);

    // The session on her phone is the one /login opened: the admin ends that one.
    const phoneId = (
      await t.ctx.db
        .selectFrom('sessions')
        .select('id')
        .where('token_hash', '=', sha256Hex(phoneCookie.split('=')[1]!))
        .executeTakeFirstOrThrow()
    ).id;
    expect(entry.sessions.map((s: { id: string }) => s.id)).toContain(phoneId);
    expect((await del(`/api/v1/users/${anna.id}/sessions/${phoneId}`, { cookie: admin.cookie })).status).toBe(204);
    expect((await get('/api/v1/tokens', { cookie: phoneCookie })).status).toBe(401);
    expect((await get('/api/v1/tokens', { cookie: anna.cookie })).status).toBe(200);
    expect((await del(`/api/v1/users/${anna.id}/sessions/${phoneId}`, { cookie: admin.cookie })).status).toBe(404);
    // Another person's id with this session is no way in either.
    expect((await del(`/api/v1/users/${admin.id}/tokens/${tokenId}`, { cookie: admin.cookie })).status).toBe(404);

    expect((await del(`/api/v1/users/${anna.id}/tokens/${tokenId}`, { cookie: admin.cookie })).status).toBe(204);
    expect((await get('/api/v1/tokens', bearer(token))).status).toBe(401);
    const after = (await (await get('/api/v1/users', { cookie: admin.cookie })).json()) as { items: any[] };
    const annaAfter = after.items.find((p) => p.email === 'anna@example.org');
    expect(annaAfter.sessions).toHaveLength(1);
    expect(annaAfter.tokens).toEqual([]);
  });

  it('records when a session was last seen, at most once a minute', async () => {
    const ines = await t.signedIn('manager', 'ines@example.org', [rouge.id]);
    const lastSeen = async () =>
      (await t.ctx.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', ines.id).executeTakeFirstOrThrow()).last_seen_at;
    const start = clock.now().getTime();
    clock.advance(30_000);
    await get('/api/v1/tokens', { cookie: ines.cookie });
    expect(await lastSeen()).toBe(new Date(start).toISOString());
    clock.advance(31_000);
    await get('/api/v1/tokens', { cookie: ines.cookie });
    expect(await lastSeen()).toBe(new Date(start + 61_000).toISOString());
    clock.set(new Date(start).toISOString());
  });

  it('does the same from the People page: who, their state, sessions and tokens, and a button for each', async () => {
    const omar = await t.signedIn('manager', 'omar@example.org', [bleu.id]);
    const { id: tokenId, token } = await tokenFor(omar.cookie);
    const session = await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', omar.id).executeTakeFirstOrThrow();

    const page = await get('/manage/people', { cookie: admin.cookie, accept: 'text/html' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('omar@example.org');
    expect(html).toContain('Café Bleu');
    expect(html).toContain(`action="/manage/people/${omar.id}/sessions/${session.id}/end"`);
    expect(html).toContain(`action="/manage/people/${omar.id}/tokens/${tokenId}/revoke"`);
    expect(html).toContain(`action="/manage/people/${omar.id}/disable"`);
    const english = await (await get('/manage/people?lang=en', { cookie: admin.cookie, accept: 'text/html' })).text();
    expect(english).toContain('Open sessions');

    const revoked = await t.postForm(`/manage/people/${omar.id}/tokens/${tokenId}/revoke`, {}, { cookie: admin.cookie });
    expect(revoked.status).toBe(303);
    expect((await get('/api/v1/tokens', bearer(token))).status).toBe(401);
    const ended = await t.postForm(`/manage/people/${omar.id}/sessions/${session.id}/end`, {}, { cookie: admin.cookie });
    expect(ended.status).toBe(303);
    expect((await get('/api/v1/tokens', { cookie: omar.cookie })).status).toBe(401);
    const disabled = await t.postForm(`/manage/people/${omar.id}/disable`, {}, { cookie: admin.cookie });
    expect(disabled.status).toBe(303);
    const user = await t.ctx.db.selectFrom('users').select('disabled_at').where('id', '=', omar.id).executeTakeFirstOrThrow();
    expect(user.disabled_at).toBe(clock.now().toISOString());
    const shown = await (await get('/manage/people', { cookie: admin.cookie, accept: 'text/html' })).text();
    expect(shown).toContain('désactivé depuis le 22 novembre 2026 à 15 h 00 UTC');
    expect(shown).toContain(`action="/manage/people/${omar.id}/enable"`);
  });
});
