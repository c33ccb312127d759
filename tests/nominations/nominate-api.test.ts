import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { A_NOMINATION } from '../helpers/journey.ts';

const clock = testClock('2026-11-22T15:00:00.000Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
  await t.addWorkplace('cafe-rouge');
});
afterAll(() => t.close());

const valid = { ...A_NOMINATION, nominatorName: 'Luc' };

describe('a customer nominates through the API', () => {
  it('stores the nomination and its first event, and answers 201 with the id and status', async () => {
    const res = await t.postJson('/api/v1/nominations', valid);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; status: string };
    expect(body.status).toBe('submitted');
    const row = await t.ctx.db.selectFrom('nominations').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      staff_first_name: 'Zoë',
      category_slug: 'presence',
      status: 'submitted',
      public_story_consent: 1,
      lang: 'fr',
    });
    const events = await t.ctx.db.selectFrom('nomination_events').selectAll().where('nomination_id', '=', body.id).execute();
    expect(events.map((e) => [e.type, e.actor])).toEqual([['submitted', 'nominator']]);
  });

  it('accepts a workplace not yet on the platform, by name and city', async () => {
    const res = await t.postJson('/api/v1/nominations', { ...valid, workplace: { name: 'Boulangerie du Coin', city: 'Québec' } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const row = await t.ctx.db.selectFrom('nominations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ workplace_id: null, workplace_name: 'Boulangerie du Coin', workplace_city: 'Québec' });
  });

  it('takes a first name in any script', async () => {
    for (const name of ['محمد', '王小明', 'Ngọc Anh', 'Marie-Ève', 'O’Brien', 'अनन्या']) {
      const res = await t.postJson('/api/v1/nominations', { ...valid, staffFirstName: name });
      expect(res.status, name).toBe(201);
    }
  });

  it('refuses each bad field with a message in the caller’s language, and stores nothing', async () => {
    const before = await countNominations();
    const res = await t.postJson(
      '/api/v1/nominations',
      {
        ...valid,
        staffFirstName: '',
        story: 'trop court',
        momentDate: '2026-12-25',
        category: 'leaderboard',
        nominatorEmail: 'pas-un-courriel',
      },
      { 'accept-language': 'en-CA,en;q=0.9' },
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('validation');
    expect(body.error.message).toBe('Some fields need correcting.');
    // The moment in the future is named with the rest; the unknown category needs the database, asked once the shape is right.
    expect(Object.keys(body.error.fields).sort()).toEqual(['momentDate', 'nominatorEmail', 'staffFirstName', 'story']);
    expect(await countNominations()).toBe(before);
  });

  it('refuses a moment in the future or more than a year old, and a retired or unknown category', async () => {
    const future = await t.postJson('/api/v1/nominations', { ...valid, momentDate: '2026-11-24' });
    expect(((await future.json()) as any).error.fields.momentDate).toBe('La date ne peut pas être dans le futur.');
    const old = await t.postJson('/api/v1/nominations', { ...valid, momentDate: '2025-11-01' });
    expect(((await old.json()) as any).error.fields).toEqual({ momentDate: 'La date doit dater de moins d’un an.' });
    const unknown = await t.postJson('/api/v1/nominations', { ...valid, category: 'fastest' });
    expect(((await unknown.json()) as any).error.fields).toHaveProperty('category');
    // A customer in Tokyo is a day ahead of UTC: tomorrow's date is still accepted.
    expect((await t.postJson('/api/v1/nominations', { ...valid, momentDate: '2026-11-23' })).status).toBe(201);
  });

  it('refuses a workplace slug that does not exist', async () => {
    const res = await t.postJson('/api/v1/nominations', { ...valid, workplace: 'nowhere' }, { 'accept-language': 'en' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.fields.workplace).toBe('This workplace does not exist on Élan.');
  });

  it('answers broken JSON with 400, a body over 64 KB with 413, and another content type with 415', async () => {
    const broken = await t.app.request('/api/v1/nominations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"workplace":',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).error.code).toBe('bad_json');
    const big = await t.postJson('/api/v1/nominations', { ...valid, story: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    const text = await t.app.request('/api/v1/nominations', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
  });

  it('lists the categories a nomination may name, in both languages', async () => {
    const res = await t.app.request('/api/v1/categories');
    const body = (await res.json()) as {
      items: { slug: string; name: { fr: string; en: string }; criteria: { fr: string; en: string } }[];
    };
    expect(body.items.map((c) => c.slug)).toEqual(['presence', 'relational', 'recovery', 'initiative', 'partnership', 'elan']);
    for (const c of body.items) {
      expect(c.name.fr.length).toBeGreaterThan(2);
      expect(c.criteria.en.length).toBeGreaterThan(40);
    }
  });

  it('says the instance is healthy and which database it runs on', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: t.ctx.dialect });
  });
});

function countNominations(): Promise<number> {
  return t.countRows('nominations');
}
