import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../src/auth/auth-service.ts';
import { hashPassword, verifyPassword } from '../../src/auth/passwords.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
const ORIGIN = { origin: 'http://localhost:3000' };

beforeAll(async () => {
  t = await createTestApp({ env: { ELAN_ADMIN_EMAIL: 'Admin@Example.org', ELAN_ADMIN_PASSWORD: 'a long enough secret' } });
  await bootstrapAdmin(t.ctx);
});
afterAll(() => t.close());

const sessionCookie = (res: Response) => /elan_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

describe('the issuer admin signs in', () => {
  it('exists from ELAN_ADMIN_EMAIL and ELAN_ADMIN_PASSWORD, once, with a hashed password', async () => {
    expect(await bootstrapAdmin(t.ctx)).toBeNull();
    const users = await t.ctx.db.selectFrom('users').selectAll().execute();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ email: 'admin@example.org', role: 'admin' });
    expect(users[0]!.password_hash).toMatch(/^scrypt\$/);
    expect(users[0]!.password_hash).not.toContain('a long enough secret');
  });

  it('gets a session cookie that scripts cannot read and other sites do not send, and lands where they were going', async () => {
    const res = await t.postForm('/login', { email: 'admin@example.org', password: 'a long enough secret', next: '/manage/wall' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/manage/wall');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure'); // PUBLIC_URL is http here
    const token = sessionCookie(res)!;
    const stored = await t.ctx.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
  });

  it('is never sent off-site by a crafted next parameter', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await t.postForm('/login', { email: 'admin@example.org', password: 'a long enough secret', next });
      expect(res.headers.get('location')).toBe('/manage');
    }
  });

  it('is told plainly when the password is wrong, and the form keeps the email', async () => {
    const res = await t.postForm('/login', { email: 'admin@example.org', password: 'wrong' }, { 'x-forwarded-for': '192.0.2.50' });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('Courriel ou mot de passe incorrect.');
    expect(html).toContain('value="admin@example.org"');
  });

  it('signs out, and the old cookie no longer opens anything', async () => {
    const login = await t.postForm('/login', { email: 'admin@example.org', password: 'a long enough secret' });
    const cookie = `elan_session=${sessionCookie(login)}`;
    expect((await t.app.request('/api/v1/tokens', { headers: { cookie } })).status).toBe(200);
    const out = await t.postForm('/logout', {}, { cookie });
    expect(out.status).toBe(303);
    expect((await t.app.request('/api/v1/tokens', { headers: { cookie } })).status).toBe(401);
  });
});

describe('someone guessing passwords', () => {
  it('is slowed down per account, whatever address they come from', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.postForm(
        '/login',
        { email: 'target@example.org', password: `guess-${i}` },
        { 'x-forwarded-for': `192.0.2.${i}` },
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('a page on another site', () => {
  it('cannot post a form to Élan (403), nor use a signed-in manager’s cookie without saying where it comes from', async () => {
    const evil = await t.postForm(
      '/login',
      { email: 'admin@example.org', password: 'a long enough secret' },
      { origin: 'https://evil.example' },
    );
    expect(evil.status).toBe(403);
    const crossSite = await t.postForm('/nominate', { staffFirstName: 'Zoë' }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const login = await t.postForm('/login', { email: 'admin@example.org', password: 'a long enough secret' });
    const cookie = `elan_session=${sessionCookie(login)}`;
    const headerless = await t.app.request('/logout', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(headerless.status).toBe(403);
    const fetchSite = await t.app.request('/api/v1/tokens', {
      method: 'POST',
      headers: { cookie, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(fetchSite.status).toBe(403);
  });

  it('gets every response with strict security headers', async () => {
    const res = await t.app.request('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('a manager scripting Élan', () => {
  it('makes an API token once, uses it as a Bearer token, and revokes it', async () => {
    const login = await t.postForm('/login', { email: 'admin@example.org', password: 'a long enough secret' });
    const cookie = `elan_session=${sessionCookie(login)}`;
    const made = await t.postJson('/api/v1/tokens', { name: 'reports' }, { cookie, ...ORIGIN });
    expect(made.status).toBe(201);
    const { id, token } = (await made.json()) as { id: string; token: string };
    expect(token).toMatch(/^elan_/);
    const bearer = { authorization: `Bearer ${token}` };
    const list = await t.app.request('/api/v1/tokens', { headers: bearer });
    expect(list.status).toBe(200);
    expect(JSON.stringify(await list.json())).not.toContain(token);
    expect((await t.app.request(`/api/v1/tokens/${id}`, { method: 'DELETE', headers: bearer })).status).toBe(204);
    const after = await t.app.request('/api/v1/tokens', { headers: bearer });
    expect(after.status).toBe(401);
    expect(((await after.json()) as any).error.code).toBe('bad_token');
  });

  it('cannot make a token without signing in', async () => {
    expect((await t.postJson('/api/v1/tokens', {})).status).toBe(401);
  });
});

describe('passwords', () => {
  it('are hashed with a salt of their own and verified only by the right password', async () => {
    const a = await hashPassword('same password here');
    const b = await hashPassword('same password here');
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('same password herE', a)).toBe(false);
    expect(await verifyPassword('anything', 'garbage')).toBe(false);
  });
});
