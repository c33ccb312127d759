import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { cardIds, nextLink, ORIGIN, wallFixtures } from './wall-fixtures.ts';

const clock = testClock('2026-11-01T15:00:00.000Z');
let t: TestApp;
let f: ReturnType<typeof wallFixtures>;
let manager: { cookie: string };
const awards: Record<string, string> = {};

const STORY = {
  shared: 'She carried my bags to the car in the rain and laughed with my son.',
  employeeKept: 'He stayed after closing to find the part my bike needed.',
  nominatorKept: 'She noticed I was lost and walked me to the right desk.',
};

beforeAll(async () => {
  t = await createTestApp({ clock, env: { NOMINATION_RATE_LIMIT: '100000/hour' } });
  f = wallFixtures(t);
  const rouge = await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
  await t.addWorkplace('cafe-ferme', 'Café Fermé', 'Laval');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);

  const make = async (name: string, extra: Record<string, unknown> = {}) => {
    clock.advance(3_600_000);
    awards[name] = await f.award(manager, 'cafe-rouge', { staffFirstName: name, story: `The story of ${name}, told at length.`, ...extra });
    return awards[name]!;
  };
  await f.claim(await make('Partagée', { story: STORY.shared }), { publicPage: true, showStory: true });
  await f.claim(await make('Gardée', { story: STORY.employeeKept }), { publicPage: true, showStory: false });
  await f.claim(await make('Discrète', { story: STORY.nominatorKept, publicStoryConsent: false }), { publicPage: true, showStory: true });
  await f.claim(await make('Privée'), { publicPage: false, showStory: false });
  await make('Attendue');
  const revoked = await make('Révoquée');
  await f.claim(revoked, { publicPage: true, showStory: true });
  await f.setStatus(revoked, 'revoked');
  const erased = await make('Effacée');
  await f.claim(erased, { publicPage: true, showStory: true });
  await f.setStatus(erased, 'erased');
  // The newest public badge: its image is the wall's Open Graph image.
  await f.claim(await make('Récente'), { publicPage: true, showStory: false });
  clock.set('2026-11-22T15:00:00.000Z');
  // Three weeks on, the first session has expired: the manager signs in again.
  manager = await t.signedIn('manager', 'marie.again@cafe-rouge.example', [rouge.id]);
});
afterAll(() => t.close());

const turnOn = async (slug: string, on: boolean) => {
  const res = await t.app.request(`/api/v1/workplaces/${slug}`, {
    method: 'PATCH',
    headers: { cookie: manager.cookie, origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ publicWall: on }),
  });
  expect(res.status).toBe(200);
};

describe('a workplace’s public wall', () => {
  it('is a 404 saying so until the workplace turns it on', async () => {
    const off = await f.get('/w/cafe-rouge/wall');
    expect(off.status).toBe(404);
    const html = await off.text();
    expect(html).toContain('Ce milieu de travail n’a pas de mur public.');
    expect(html).not.toContain('Partagée');
    expect((await f.get('/w/cafe-rouge/wall?lang=en')).status).toBe(404);
    expect(await (await f.get('/w/cafe-rouge/wall?lang=en')).text()).toContain('This workplace has no public wall.');
    expect((await f.get('/w/nowhere/wall')).status).toBe(404);
    await turnOn('cafe-rouge', true);
    expect((await f.get('/w/cafe-rouge/wall')).status).toBe(200);
  });

  it('shows only claimed badges whose employees chose a public page, newest first', async () => {
    const html = await (await f.get('/w/cafe-rouge/wall')).text();
    expect(cardIds(html)).toEqual([awards.Récente, awards.Discrète, awards.Gardée, awards.Partagée]);
    for (const hidden of ['Privée', 'Attendue', 'Révoquée', 'Effacée']) expect(html).not.toContain(hidden);
  });

  it('shows a story only when both the nominator and the employee allowed it, and never the nominator', async () => {
    const html = await (await f.get('/w/cafe-rouge/wall')).text();
    expect(html).toContain(STORY.shared);
    expect(html).not.toContain(STORY.employeeKept);
    expect(html).not.toContain(STORY.nominatorKept);
    expect(html).not.toContain('Luc Nominateur');
    expect(html).not.toContain('luc.nominateur@example.org');
    // Nothing a reviewer sees about claiming either.
    expect(html).not.toContain('réclamé');
  });

  it('links each badge to its public page and carries Open Graph tags for sharing', async () => {
    const html = await (await f.get('/w/cafe-rouge/wall')).text();
    expect(html).toContain(`<a href="/b/${awards.Partagée}">Partagée</a>`);
    expect(html).toContain('<meta property="og:title" content="Mur de reconnaissance — Café Rouge"/>');
    expect(html).toContain('<meta property="og:url" content="http://localhost:3000/w/cafe-rouge/wall"/>');
    expect(html).toContain(`<meta property="og:image" content="http://localhost:3000/b/${awards.Récente}/image.png"/>`);
    expect(html).toMatch(/<meta property="og:description" content="[^"]*Café Rouge, Montréal/);
    expect(html).toContain('href="/w/cafe-rouge/nominate"');
  });

  it('has no Open Graph image when no badge is public yet', async () => {
    const res = await t.app.request('/api/v1/workplaces/cafe-ferme', {
      method: 'PATCH',
      headers: { cookie: (await t.signedIn('admin', 'admin@example.org')).cookie, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ publicWall: true }),
    });
    expect(res.status).toBe(200);
    const html = await (await f.get('/w/cafe-ferme/wall')).text();
    expect(html).toContain('Aucun badge public pour l’instant.');
    expect(html).not.toContain('og:image');
  });

  it('pages through many public badges once each', async () => {
    const workplace = await t.ctx.db.selectFrom('workplaces').select('id').where('slug', '=', 'cafe-rouge').executeTakeFirstOrThrow();
    const many = await f.insertAwards(workplace.id, 30, { start: '2026-05-01T10:00:00.000Z', perInstant: 2 });
    // Half of them made public by their employees.
    const shown = many.filter((_, i) => i % 2 === 0);
    for (const id of shown) await f.claim(id, { publicPage: true, showStory: false });
    const seen: string[] = [];
    let path: string | null = '/w/cafe-rouge/wall';
    while (path) {
      const html = await (await f.get(path)).text();
      seen.push(...cardIds(html));
      path = nextLink(html);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(4 + shown.length);
    expect(seen).toEqual(expect.arrayContaining(shown));
    expect((await f.get('/w/cafe-rouge/wall?cursor=nonsense')).status).toBe(400);
  });

  it('goes dark again when turned off', async () => {
    await turnOn('cafe-rouge', false);
    expect((await f.get('/w/cafe-rouge/wall')).status).toBe(404);
  });
});
