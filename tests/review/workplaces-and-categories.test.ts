import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SmtpReceiver, startSmtpReceiver } from '../mail/smtp-receiver.ts';

let t: TestApp;
let smtp: SmtpReceiver;
let admin: { cookie: string };
const ORIGIN = { origin: 'http://localhost:3000' };
const api = (path: string, who: { cookie: string } | null, init: RequestInit = {}) =>
  t.app.request(path, {
    ...init,
    headers: { ...(who ? { cookie: who.cookie } : {}), 'content-type': 'application/json', ...ORIGIN, ...(init.headers ?? {}) },
  });

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await createTestApp({ env: { SMTP_URL: smtp.url } });
  admin = await t.signedIn('admin', 'trainer@example.org');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('the admin sets up a workplace and its manager', () => {
  it('creates the workplace, refuses a slug already taken, and explains a bad one', async () => {
    const res = await api('/api/v1/workplaces', admin, {
      method: 'POST',
      body: JSON.stringify({ name: 'Pizzeria Nord', slug: 'pizzeria-nord', city: 'Laval' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ slug: 'pizzeria-nord', name: 'Pizzeria Nord', city: 'Laval', publicWall: false });
    const taken = await api('/api/v1/workplaces', admin, {
      method: 'POST',
      body: JSON.stringify({ name: 'Autre', slug: 'pizzeria-nord', city: 'Laval' }),
    });
    expect(taken.status).toBe(409);
    const bad = await api('/api/v1/workplaces', admin, {
      method: 'POST',
      body: JSON.stringify({ name: 'X', slug: 'Pizzéria Nord!', city: 'L' }),
      headers: { 'accept-language': 'en' },
    });
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as any).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['city', 'name', 'slug']);
    expect(fields.slug).toContain('lower-case letters');
  });

  it('invites a manager by email; the invite sets a password and the manager then sees their workplace only', async () => {
    const res = await api('/api/v1/workplaces/pizzeria-nord/managers', admin, {
      method: 'POST',
      body: JSON.stringify({ email: 'Gino@Pizzeria.example' }),
    });
    expect(res.status).toBe(201);
    const { inviteUrl } = (await res.json()) as { inviteUrl: string };
    const path = new URL(inviteUrl).pathname;
    // The invite arrives by mail; once sent, the outbox keeps no copy of the link.
    await expect.poll(() => smtp.messages.filter((m) => m.rcptTo[0] === 'gino@pizzeria.example').length, { timeout: 30_000 }).toBe(1);
    expect(smtp.messages.find((m) => m.rcptTo[0] === 'gino@pizzeria.example')!.text).toContain(inviteUrl);
    const sent = async () => t.ctx.db.selectFrom('outbox').selectAll().where('to_address', '=', 'gino@pizzeria.example').execute();
    await expect.poll(async () => (await sent()).map((m) => m.status), { timeout: 30_000 }).toEqual(['sent']);
    expect((await sent())[0]).toMatchObject({ text_body: '', html_body: '' });

    const page = await t.app.request(path);
    expect(await page.text()).toContain('Rejoindre Pizzeria Nord sur Élan');
    const accepted = await t.postForm(path, { password: 'margherita forever' });
    expect(accepted.status).toBe(303);
    const cookie = /elan_session=[^;]+/.exec(accepted.headers.get('set-cookie') ?? '')![0];

    const mine = (await (await api('/api/v1/workplaces', { cookie })).json()) as { items: { slug: string }[] };
    expect(mine.items.map((w) => w.slug)).toEqual(['pizzeria-nord']);
    const patch = await api(
      '/api/v1/workplaces/pizzeria-nord',
      { cookie },
      { method: 'PATCH', body: JSON.stringify({ publicWall: true }) },
    );
    expect(patch.status).toBe(200);
    expect(((await patch.json()) as any).publicWall).toBe(true);
    const rename = await api(
      '/api/v1/workplaces/pizzeria-nord',
      { cookie },
      { method: 'PATCH', body: JSON.stringify({ name: 'Mine now' }) },
    );
    expect(rename.status).toBe(403);
    expect(
      (
        await api(
          '/api/v1/workplaces/pizzeria-nord/managers',
          { cookie },
          { method: 'POST', body: JSON.stringify({ email: 'x@example.org' }) },
        )
      ).status,
    ).toBe(403);
    expect((await t.app.request(path, { headers: { accept: 'text/html' } })).status).toBe(410);
  });

  it('creates a workplace from the management page, with a slug made from its name', async () => {
    const res = await t.postForm('/manage/workplaces', { name: 'Épicerie Côté', city: 'Lévis', slug: '' }, { cookie: admin.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/manage/workplaces/epicerie-cote-levis');
    const page = await (await t.app.request('/manage/workplaces/epicerie-cote-levis', { headers: { cookie: admin.cookie } })).text();
    expect(page).toContain('Épicerie Côté');
    expect(page).toContain('/w/epicerie-cote-levis/nominate');
    const again = await t.postForm('/manage/workplaces', { name: 'Épicerie Côté', city: 'Lévis', slug: '' }, { cookie: admin.cookie });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Cet identifiant est déjà pris.');
  });
});

describe('the admin tends the badge categories', () => {
  const category = {
    slug: 'patience',
    name: { fr: 'Patience', en: 'Patience' },
    description: { fr: 'A pris tout le temps qu’il fallait.', en: 'Took all the time it needed.' },
    criteria: {
      fr: 'A pris le temps d’écouter et d’expliquer sans presser le client.',
      en: 'Took the time to listen and explain without rushing the customer.',
    },
    color: '#0f766e',
  };

  it('adds one in both languages; customers can choose it', async () => {
    const res = await api('/api/v1/categories', admin, { method: 'POST', body: JSON.stringify(category) });
    expect(res.status).toBe(201);
    const form = await (await t.app.request('/nominate')).text();
    expect(form).toContain('value="patience"');
    const missingEnglish = await api('/api/v1/categories', admin, {
      method: 'POST',
      body: JSON.stringify({ ...category, slug: 'other', name: { fr: 'Autre' } }),
    });
    expect(missingEnglish.status).toBe(400);
  });

  it('edits its English name', async () => {
    const res = await api('/api/v1/categories/patience', admin, {
      method: 'PATCH',
      body: JSON.stringify({ name: { fr: 'Patience', en: 'Patient care' } }),
    });
    expect(((await res.json()) as any).name.en).toBe('Patient care');
  });

  it('retires it: no longer offered, refused for new nominations, then restored', async () => {
    await t.addWorkplace('cafe-rouge');
    expect((await api('/api/v1/categories/patience/retire', admin, { method: 'POST' })).status).toBe(200);
    const listed = (await (await t.app.request('/api/v1/categories')).json()) as { items: { slug: string }[] };
    expect(listed.items.map((c) => c.slug)).not.toContain('patience');
    expect(await (await t.app.request('/nominate')).text()).not.toContain('value="patience"');
    const refused = await t.postJson('/api/v1/nominations', {
      workplace: 'cafe-rouge',
      staffFirstName: 'Zoë',
      momentDate: '2026-11-20',
      category: 'patience',
      story: 'She waited with me for the taxi in the rain.',
      publicStoryConsent: false,
    });
    expect(refused.status).toBe(400);
    expect((await api('/api/v1/categories/patience/restore', admin, { method: 'POST' })).status).toBe(200);
  });

  it('is the only one who may change categories', async () => {
    const manager = await t.signedIn('manager', 'someone@example.org');
    expect((await api('/api/v1/categories', manager, { method: 'POST', body: JSON.stringify({ ...category, slug: 'x' }) })).status).toBe(
      403,
    );
    expect((await api('/api/v1/categories/presence/retire', null, { method: 'POST' })).status).toBe(401);
  });
});
