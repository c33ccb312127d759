import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../../src/auth/guards.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let manager: { email: string; cookie: string };

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example');
});
afterAll(() => t.close());

// `next` values as a link or a form would carry them (query-encoded), each of which a browser would follow off the site.
const OFF_SITE = [
  '/%09/evil.example/x', // the tab is dropped: //evil.example/x
  '/%0a/evil.example/x',
  '//evil.example/x',
  '/\\evil.example/x',
  '/%5Cevil.example/x',
  '/.//evil.example/x', // resolves to the path //evil.example/x
  'https://evil.example/x',
  'http://localhost:3000.evil.example/manage',
  'javascript:alert(1)',
  '/%0d%0aSet-Cookie:%20stolen=1',
  'manage',
  '',
];

const location = (res: Response) => res.headers.get('location');

describe('where sign-in leads afterwards', () => {
  it('sends a signed-in visitor on to a path of this site, query and fragment kept', async () => {
    for (const next of ['/manage/wall?workplace=cafe-rouge', '/manage/nominations/abc#history', '/w/cafe-rouge/wall']) {
      const res = await t.app.request(`/login?next=${encodeURIComponent(next)}`, { headers: { cookie: manager.cookie } });
      expect(res.status, next).toBe(303);
      expect(location(res), next).toBe(next);
    }
  });

  it('sends a signed-in visitor to /manage, never off the site, whatever `next` says', async () => {
    for (const next of OFF_SITE) {
      const res = await t.app.request(`/login?next=${next}`, { headers: { cookie: manager.cookie } });
      expect(res.status, next).toBe(303);
      expect(location(res), next).toBe('/manage');
    }
  });

  it('puts only a path of this site in the form, and signs in to /manage when `next` leads elsewhere', async () => {
    for (const [i, next] of OFF_SITE.entries()) {
      const page = await t.app.request(`/login?next=${next}`, { headers: { accept: 'text/html' } });
      expect(page.status, next).toBe(200);
      expect(await page.text(), next).toContain('name="next" value="/manage"');

      // An account each, so that no sign-in limit comes into it.
      const { email } = await t.signedIn('manager', `manager-${i}@cafe-rouge.example`);
      const form = new URLSearchParams({ email, password: 'correct horse battery' }).toString();
      const signIn = await t.app.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: 'http://localhost:3000' },
        body: `${form}&next=${next}`,
      });
      expect(signIn.status, next).toBe(303);
      expect(location(signIn), next).toBe('/manage');
    }
  });

  it('answers a broken `next` (bad escapes, raw CR/LF) with the page or a redirect, never an error', async () => {
    const odd = ['%', '/%E0%A4%A', '/manage%0d%0a', '/%00', `/${'a'.repeat(4000)}`];
    for (const next of odd) {
      const signedIn = await t.app.request(`/login?next=${next}`, { headers: { cookie: manager.cookie } });
      expect(signedIn.status, next).toBe(303);
      expect(location(signedIn)!.startsWith('/'), next).toBe(true);
      expect(location(signedIn)!.startsWith('//'), next).toBe(false);
      expect((await t.app.request(`/login?next=${next}`)).status, next).toBe(200);
    }
  });
});

describe('a redirect target, resolved against PUBLIC_URL', () => {
  it('keeps a path of the same origin, and nothing else', () => {
    expect(safeNext('/manage/../w/x?a=1', 'https://badges.example.org')).toBe('/w/x?a=1');
    expect(safeNext('/café', 'https://badges.example.org')).toBe('/caf%C3%A9');
    expect(safeNext('//badges.example.org/w/x', 'https://badges.example.org')).toBe('/w/x');
    expect(safeNext('/\t/evil.example', 'https://badges.example.org')).toBe('/manage');
    expect(safeNext('/\r\nLocation: x', 'https://badges.example.org', '/')).toBe('/');
    expect(safeNext(undefined, 'https://badges.example.org')).toBe('/manage');
  });
});
