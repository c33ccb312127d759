import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB, type TestApp } from '../helpers/app.ts';
import { approvedAward, claim, ORIGIN } from '../helpers/journey.ts';

/**
 * What the fuzz of every route found, kept as stories so each stays fixed. (The verifier's own
 * findings are in verify-uploads.test.ts.)
 */

let t: TestApp;
let admin: { cookie: string };

beforeAll(async () => {
  t = await createTestApp();
  const rouge = await t.addWorkplace('cafe-rouge');
  admin = await t.signedIn('admin', 'admin@elan.example');
  // A claimed badge, so status list 1 exists.
  const manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
  expect((await claim(t, (await approvedAward(t, manager)).token)).status).toBe(200);
});
afterAll(() => t.close());

describe('a NUL character typed anywhere (PostgreSQL cannot store one in text)', () => {
  it('in a path or a query: never a 500 (a 400 on PostgreSQL; SQLite finds nothing by that name, or filters by it)', async () => {
    const paths = [
      '/w/%00/nominate',
      '/w/%00/wall',
      '/w/%00/counter-card.png',
      '/b/%00',
      '/b/a%00/image.png',
      '/ob2/assertions/%00',
      '/ob2/badges/%00',
      '/api/v1/nominations/%00',
      '/api/v1/nominations?workplace=%00',
      '/api/v1/nominations?cursor=%00',
      '/manage?cursor=%00',
      '/manage/workplaces/%00',
    ];
    for (const path of paths) {
      const res = await t.app.request(path, { headers: { cookie: admin.cookie, accept: 'application/json' } });
      expect(res.status, path).toBeLessThan(500);
      if (TEST_DB === 'postgres') expect(res.status, path).toBe(400);
    }
  });

  it('in a form or a JSON body: refused with a 400 on PostgreSQL, never a 500, and nothing is stored', async () => {
    const json = (path: string, body: unknown) =>
      t.app.request(path, {
        method: 'POST',
        headers: { ...ORIGIN, cookie: admin.cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const answers = [
      await t.postForm('/login', { email: 'admin\u0000@elan.example', password: 'x' }),
      await json('/api/v1/tokens', { name: 'mon\u0000jeton' }),
      await json('/api/v1/workplaces', { name: 'Café\u0000Nul', city: 'Montréal', slug: 'cafe-nul' }),
      await json('/api/v1/verify', { url: 'http://localhost:3000/ob2/assertions/\u0000' }),
    ];
    for (const res of answers) {
      expect(res.status).toBeLessThan(500);
      if (TEST_DB === 'postgres') expect(res.status).toBe(400);
    }
    if (TEST_DB === 'postgres') {
      expect(await t.ctx.db.selectFrom('workplaces').select('id').where('slug', '=', 'cafe-nul').executeTakeFirst()).toBeUndefined();
    }
  });
});

describe('a status list number that is not one of ours', () => {
  it('past PostgreSQL’s integer, negative, written oddly: 404, never a 500', async () => {
    for (const list of ['2147483648', '-2147483649', '1e15', '9007199254740993', '0x1', '%201', '01']) {
      expect((await t.app.request(`/ob3/status/${list}`)).status, list).toBe(404);
    }
    expect((await t.app.request('/ob3/status/1')).status).toBe(200);
  });
});
