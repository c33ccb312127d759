import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/auth-service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
const ORIGIN = { origin: 'http://localhost:3000' };

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Whether a session cookie still opens the API. */
const opens = async (cookie: string) => (await t.app.request('/api/v1/tokens', { headers: { cookie } })).status === 200;
const signInStatus = async (email: string, password: string) => (await t.postForm('/login', { email, password })).status;

/** A manager signed in twice: the session they act from, and another (a second browser). */
async function managerWithTwoSessions(email: string) {
  const { id, cookie } = await t.signedIn('manager', email);
  return { id, cookie, otherCookie: `elan_session=${await createSession(t.ctx, id)}` };
}

describe('a manager changes their password on /manage/account', () => {
  it('is told, next to the field, that the current password is wrong, and nothing changes', async () => {
    const m = await managerWithTwoSessions('marie@example.org');
    const page = await t.app.request('/manage/account', { headers: { cookie: m.cookie, accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('name="currentPassword"');

    const res = await t.postForm(
      '/manage/account',
      { currentPassword: 'not my password', newPassword: 'a brand new secret' },
      { cookie: m.cookie },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="f-currentPassword-error">Le mot de passe actuel est incorrect\./);
    expect(await opens(m.otherCookie)).toBe(true);
    expect(await signInStatus('marie@example.org', 'correct horse battery')).toBe(303);
  });

  it('keeps the new password to the invite’s rules', async () => {
    const m = await managerWithTwoSessions('malik@example.org');
    const res = await t.postForm(
      '/manage/account',
      { currentPassword: 'correct horse battery', newPassword: 'short' },
      { cookie: m.cookie },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Le mot de passe doit compter entre 10 et 200 caractères.');
    expect(await signInStatus('malik@example.org', 'correct horse battery')).toBe(303);
  });

  it('with the current one: the other sessions end, this one stays open, and only the new password signs in', async () => {
    const m = await managerWithTwoSessions('mona@example.org');
    const res = await t.postForm(
      '/manage/account',
      { currentPassword: 'correct horse battery', newPassword: 'a brand new secret' },
      { cookie: m.cookie },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Votre mot de passe a été changé. Vos autres sessions sont fermées.');
    expect(await opens(m.cookie)).toBe(true);
    expect(await opens(m.otherCookie)).toBe(false);
    expect(await signInStatus('mona@example.org', 'correct horse battery')).toBe(401);
    expect(await signInStatus('mona@example.org', 'a brand new secret')).toBe(303);
  });

  it('finds the page from the management area’s navigation, in English too', async () => {
    const m = await managerWithTwoSessions('milo@example.org');
    const res = await t.app.request('/manage?lang=en', { headers: { cookie: m.cookie, accept: 'text/html' } });
    expect(await res.text()).toContain('<a href="/manage/account">My account</a>');
  });
});

describe('a script changes the password through the API', () => {
  const change = (cookie: string, body: unknown) =>
    t.postJson('/api/v1/account/password', body, { cookie, ...ORIGIN, 'accept-language': 'en' });

  it('gets a 400 naming currentPassword when it is wrong, and one naming newPassword when that breaks the rules', async () => {
    const m = await managerWithTwoSessions('api.one@example.org');
    const wrong = await change(m.cookie, { currentPassword: 'not it at all', newPassword: 'a brand new secret' });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as any).error.fields).toEqual({ currentPassword: 'The current password is wrong.' });
    const short = await change(m.cookie, { currentPassword: 'correct horse battery', newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(((await short.json()) as any).error.fields).toEqual({ newPassword: 'The password must be between 10 and 200 characters.' });
    const stray = await change(m.cookie, { currentPassword: 'correct horse battery', newPassword: 'a brand new secret', role: 'admin' });
    expect(stray.status).toBe(400);
    expect(await opens(m.otherCookie)).toBe(true);
  });

  it('gets 204 with the right one: the other sessions end, this one stays', async () => {
    const m = await managerWithTwoSessions('api.two@example.org');
    const res = await change(m.cookie, { currentPassword: 'correct horse battery', newPassword: 'a brand new secret' });
    expect(res.status).toBe(204);
    expect(await opens(m.cookie)).toBe(true);
    expect(await opens(m.otherCookie)).toBe(false);
    expect(await signInStatus('api.two@example.org', 'a brand new secret')).toBe(303);
  });

  it('cannot guess the current password past the sign-in limit of the account', async () => {
    const m = await managerWithTwoSessions('api.three@example.org');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await change(m.cookie, { currentPassword: `guess-${i}`, newPassword: 'a brand new secret' })).status);
    expect(statuses.every((s) => s === 400)).toBe(true);
    const refused = await change(m.cookie, { currentPassword: 'correct horse battery', newPassword: 'a brand new secret' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as any).error.message).toBe('Too many wrong passwords. Wait a few minutes before trying again.');
    expect(await opens(m.otherCookie)).toBe(true);
  });

  it('is refused without signing in', async () => {
    expect((await t.postJson('/api/v1/account/password', { currentPassword: 'x', newPassword: 'a brand new secret' })).status).toBe(401);
  });
});
