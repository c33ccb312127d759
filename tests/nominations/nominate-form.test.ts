import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock: testClock('2026-11-22T15:00:00.000Z'), env: { NOMINATION_RATE_LIMIT: '5/hour', TRUST_PROXY: 'on' } });
  await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
});
afterAll(() => t.close());

const form = {
  staffFirstName: 'Anastasia',
  momentDate: '2026-11-21',
  category: 'recovery',
  story: 'My order was wrong; she fixed it on the spot and called me back the next day.',
  publicStoryConsent: 'on',
};

describe('a customer scans the counter QR code and nominates on a phone', () => {
  it('sees the form for that workplace in French by default, with a label for every field', async () => {
    const res = await t.app.request('/w/cafe-rouge/nominate');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<html lang="fr-CA">');
    expect(html).toContain('Souligner un bon service chez Café Rouge');
    expect(html).toContain('name="viewport"');
    for (const field of ['staffFirstName', 'staffRole', 'momentDate', 'momentPlace', 'story', 'nominatorName', 'nominatorEmail']) {
      expect(html, field).toContain(`<label for="f-${field}"`);
      expect(html, field).toContain(`name="${field}"`);
    }
    expect(html).not.toContain('name="workplace"');
  });

  it('reads it in English when asked, and the choice is remembered in a cookie', async () => {
    const res = await t.app.request('/w/cafe-rouge/nominate?lang=en');
    expect(await res.text()).toContain('Recognise good service at Café Rouge');
    expect(res.headers.get('set-cookie')).toContain('lang=en');
    const next = await t.app.request('/nominate', { headers: { cookie: 'lang=en' } });
    expect(await next.text()).toContain('<html lang="en">');
    const browser = await t.app.request('/nominate', { headers: { 'accept-language': 'en-US,en;q=0.8,fr;q=0.5' } });
    expect(await browser.text()).toContain('<html lang="en">');
  });

  it('sends the nomination and lands on a thank-you page that says what happens next', async () => {
    const res = await t.postForm('/w/cafe-rouge/nominate', { ...form, lang: 'en' }, { 'x-forwarded-for': '203.0.113.1' });
    expect(res.status).toBe(303);
    const thanks = await t.app.request(res.headers.get('location')!, { headers: { cookie: 'lang=en' } });
    const html = await thanks.text();
    expect(html).toContain('Your recognition for Anastasia has been received.');
    expect(html).toContain('A manager at the workplace will read and approve it');
    const row = await t.ctx.db.selectFrom('nominations').selectAll().where('staff_first_name', '=', 'Anastasia').executeTakeFirstOrThrow();
    expect(row.public_story_consent).toBe(1);
  });

  it('gets the form back with what was typed and a message beside each wrong field, status 400', async () => {
    const res = await t.postForm(
      '/w/cafe-rouge/nominate',
      { ...form, story: 'Trop court', staffFirstName: 'Anastasia' },
      { 'x-forwarded-for': '203.0.113.2' },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="Anastasia"');
    expect(html).toContain('Trop court</textarea>');
    expect(html).toContain('id="f-story-error"');
    expect(html).toContain('L’histoire doit compter entre 20 et 2000 caractères.');
    expect(html).toContain('aria-invalid="true"');
  });

  it('names a business not on the platform from the open form', async () => {
    const res = await t.postForm(
      '/nominate',
      { ...form, workplace: '_other', workplaceName: 'Pizzeria Nord', workplaceCity: 'Laval' },
      { 'x-forwarded-for': '203.0.113.3' },
    );
    expect(res.status).toBe(303);
    const thanks = await (await t.app.request(res.headers.get('location')!)).text();
    expect(thanks).toContain('pas encore sur Élan');
    const missing = await t.postForm(
      '/nominate',
      { ...form, workplace: '_other', workplaceName: 'Pizzeria Nord' },
      { 'x-forwarded-for': '203.0.113.3' },
    );
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('id="f-workplaceCity-error"');
  });

  it('quietly thanks a robot that filled the hidden field, and stores nothing', async () => {
    const before = await t.countRows('nominations');
    const res = await t.postForm(
      '/w/cafe-rouge/nominate',
      { ...form, website: 'http://spam.example' },
      { 'x-forwarded-for': '203.0.113.4' },
    );
    expect(res.status).toBe(200);
    const after = await t.countRows('nominations');
    expect(after).toBe(before);
  });

  it('slows down one address that sends too many, with 429 and Retry-After, while others go on', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip, accept: 'application/json' });
    const body = {
      workplace: 'cafe-rouge',
      staffFirstName: 'Yael',
      momentDate: '2026-11-21',
      category: 'elan',
      story: form.story,
      publicStoryConsent: false,
    };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.postJson('/api/v1/nominations', body, from('198.51.100.7'))).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const limited = await t.postJson('/api/v1/nominations', body, from('198.51.100.7'));
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as any).error.code).toBe('rate_limited');
    expect((await t.postJson('/api/v1/nominations', body, from('198.51.100.8'))).status).toBe(201);
    // Only a keyed hash of the address is kept.
    const keys = await t.ctx.db.selectFrom('rate_limit_hits').select('key').execute();
    expect(keys.some((k) => k.key.includes('198.51.100.7'))).toBe(false);
  });

  it('answers an unknown workplace’s QR code with a clear 404 page', async () => {
    const res = await t.app.request('/w/nowhere/nominate', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Cette page n’existe pas');
  });
});
