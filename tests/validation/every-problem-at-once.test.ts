import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { A_NOMINATION } from '../helpers/journey.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock: testClock('2026-11-22T15:00:00.000Z'), env: { NOMINATION_RATE_LIMIT: '1000/hour' } });
  await t.addWorkplace('cafe-rouge');
});
afterAll(() => t.close());

const count = () => t.countRows('nominations');

const MESSAGES = {
  fr: { story: 'L’histoire doit compter entre 20 et 2000 caractères.', momentDate: 'La date ne peut pas être dans le futur.' },
  en: { story: 'The story must be between 20 and 2000 characters.', momentDate: 'The date cannot be in the future.' },
};

describe('a customer who gets two fields wrong hears of both at once', () => {
  for (const lang of ['fr', 'en'] as const) {
    it(`over the API, in ${lang === 'fr' ? 'French' : 'English'}: an empty story and a moment dated 2999 are one 400 naming both`, async () => {
      const before = await count();
      const res = await t.postJson(
        '/api/v1/nominations',
        { ...A_NOMINATION, story: '', momentDate: '2999-06-01' },
        { 'accept-language': lang },
      );
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(error.code).toBe('validation');
      expect(error.fields).toEqual(MESSAGES[lang]);
      expect(await count()).toBe(before);
    });

    it(`on the form, in ${lang === 'fr' ? 'French' : 'English'}: the page comes back with a message beside each of the two fields`, async () => {
      const before = await count();
      const res = await t.postForm(
        '/w/cafe-rouge/nominate',
        { staffFirstName: 'Zoë', momentDate: '2999-06-01', category: 'presence', story: '', publicStoryConsent: 'on' },
        { cookie: `lang=${lang}` },
      );
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(`<p class="error" id="f-story-error">${MESSAGES[lang].story}</p>`);
      expect(html).toContain(`<p class="error" id="f-momentDate-error">${MESSAGES[lang].momentDate}</p>`);
      expect(html).toContain('value="2999-06-01"');
      expect(await count()).toBe(before);
    });
  }

  it('a date that is not a real day, too old, or malformed is named with the other fields too', async () => {
    for (const [momentDate, message] of [
      ['2026-02-30', 'Enter a date as YYYY-MM-DD.'],
      ['2025-11-01', 'The date must be less than a year ago.'],
      ['22/11/2026', 'Enter a date as YYYY-MM-DD.'],
    ]) {
      const res = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, staffFirstName: '', momentDate }, { 'accept-language': 'en' });
      expect(res.status, momentDate).toBe(400);
      const { error } = (await res.json()) as { error: { fields: Record<string, string> } };
      expect(Object.keys(error.fields).sort(), momentDate).toEqual(['momentDate', 'staffFirstName']);
      expect(error.fields.momentDate, momentDate).toBe(message);
    }
  });

  it('a nested field at fault is named by its path, and a field nobody asked for is named as unknown', async () => {
    const res = await t.postJson(
      '/api/v1/nominations',
      { ...A_NOMINATION, workplace: { name: 'X', city: 'Laval' }, shoeSize: 44 },
      { 'accept-language': 'en' },
    );
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(error.fields).toEqual({
      'workplace.name': 'Enter the business name (2 to 120 characters).',
      shoeSize: 'This field is not recognised.',
    });
  });

  it('a reviewer’s bad query parameters are each named, with a message and never zod’s own words', async () => {
    const admin = await t.signedIn('admin', 'trainer@example.org');
    const res = await t.app.request('/api/v1/nominations?status=lost&limit=0', {
      headers: { cookie: admin.cookie, 'accept-language': 'en' },
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(error.fields).toEqual({ status: 'The request could not be read.', limit: 'The request could not be read.' });
  });
});
