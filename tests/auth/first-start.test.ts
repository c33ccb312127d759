import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../src/auth/auth-service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the first start without ELAN_ADMIN_EMAIL', () => {
  it('gives a one-time setup link that creates the admin, signs them in, and cannot be used again', async () => {
    const result = await bootstrapAdmin(t.ctx);
    expect(result).toHaveProperty('setupUrl');
    const url = new URL((result as { setupUrl: string }).setupUrl);
    expect(url.origin).toBe('http://localhost:3000');

    const page = await t.app.request(url.pathname);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Créer le compte d’administration');

    const short = await t.postForm(url.pathname, { email: 'trainer@example.org', password: 'short' });
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(shortHtml).toContain('Le mot de passe doit compter entre 10 et 200 caractères.');
    expect(shortHtml).toContain('value="trainer@example.org"');

    const ok = await t.postForm(url.pathname, { email: 'Trainer@Example.org', password: 'service with élan' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('set-cookie')).toContain('elan_session=');
    const admin = await t.ctx.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(admin).toMatchObject({ email: 'trainer@example.org', role: 'admin' });

    const again = await t.app.request(url.pathname, { headers: { accept: 'text/html' } });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('Ce lien a déjà servi.');
    expect(await bootstrapAdmin(t.ctx)).toBeNull();
  });

  it('answers an unknown setup link with a clear page', async () => {
    const res = await t.app.request('/setup/not-a-real-token', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Ce lien d’invitation n’existe pas.');
  });
});
