import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

/**
 * Every /manage and /api/v1 route, for each kind of visitor: the status they get. A route added
 * without a line here fails the first test, so nobody adds an endpoint without deciding who may use it.
 */
type Who = 'anonymous' | 'manager' | 'otherManager' | 'admin';
type Decision = Record<Who, number>;
type Fixture = {
  nominationId: string;
  unlistedId: string;
  awardId: string;
  slug: string;
  category: string;
  /** For the routes that act on a person: a manager of the first workplace, with a session and a token. */
  person?: { userId: string; sessionId: string; tokenId: string };
};
type Route = { decision: Decision; body?: (f: Fixture) => unknown; form?: (f: Fixture) => Record<string, string> };

// Pages send the anonymous to the sign-in page (303); the API answers 401.
const page = (manager: number, other: number, admin: number): Decision => ({ anonymous: 303, manager, otherManager: other, admin });
const api = (manager: number, other: number, admin: number): Decision => ({ anonymous: 401, manager, otherManager: other, admin });
const post = (manager: number, other: number, admin: number): Decision => ({ anonymous: 401, manager, otherManager: other, admin });
const open = (status: number): Decision => ({ anonymous: status, manager: status, otherManager: status, admin: status });

const category = (slug: string) => ({
  slug,
  name: { fr: 'Patience', en: 'Patience' },
  description: { fr: 'A pris le temps.', en: 'Took the time.' },
  criteria: { fr: 'A pris le temps d’écouter le client jusqu’au bout.', en: 'Took the time to hear the customer out fully.' },
});

const MATRIX: Record<string, Route> = {
  // Public API
  'GET /api/v1/categories': { decision: open(200) },
  'POST /api/v1/nominations': {
    decision: open(201),
    body: (f) => ({
      workplace: f.slug,
      staffFirstName: 'Zoë',
      momentDate: '2026-11-20',
      category: 'presence',
      story: 'A story long enough to be accepted here.',
      publicStoryConsent: false,
    }),
  },
  // The proof-of-work challenge the nomination form's widget asks for
  'GET /api/v1/challenge': { decision: open(200) },
  // Review API
  'GET /api/v1/nominations': { decision: api(200, 200, 200) },
  'POST /api/v1/nominations/decline': { decision: post(200, 403, 200), body: (f) => ({ ids: [f.nominationId], reason: 'Spam' }) },
  'GET /api/v1/nominations/:id': { decision: api(200, 403, 200) },
  'POST /api/v1/nominations/:id/approve': { decision: post(200, 403, 200) },
  'POST /api/v1/nominations/:id/decline': { decision: post(200, 403, 200), body: () => ({ reason: 'Not our staff' }) },
  'POST /api/v1/nominations/:id/attach': { decision: post(403, 403, 200), body: (f) => ({ workplace: f.slug }) },
  'POST /api/v1/awards/:id/claim-link': { decision: post(200, 403, 200) },
  // Awards API
  'GET /api/v1/awards/:id': { decision: api(200, 403, 200) },
  'POST /api/v1/awards/:id/revoke': { decision: post(200, 403, 200), body: () => ({ reason: 'Given by mistake' }) },
  // Public: the employee's claim (a token is the key) and verification
  'POST /api/v1/claims/:token': {
    decision: open(404),
    body: () => ({ email: 'zoe@example.org', publicPage: true, showStory: false, lang: 'fr' }),
  },
  'POST /api/v1/verify': { decision: open(200), body: () => ({ url: 'http://localhost:3000/ob2/assertions/unknown' }) },
  // Workplaces API
  'GET /api/v1/workplaces': { decision: api(200, 200, 200) },
  'POST /api/v1/workplaces': {
    decision: post(403, 403, 201),
    body: () => ({ name: 'Nouveau café', slug: `nouveau-${Math.random().toString(36).slice(2, 8)}`, city: 'Montréal' }),
  },
  'PATCH /api/v1/workplaces/:slug': { decision: post(200, 403, 200), body: () => ({ publicWall: true }) },
  'GET /api/v1/workplaces/:slug/managers': { decision: api(200, 403, 200) },
  'POST /api/v1/workplaces/:slug/managers': { decision: post(403, 403, 201), body: () => ({ email: 'new.manager@example.org' }) },
  'DELETE /api/v1/workplaces/:slug/managers/:userId': { decision: post(403, 403, 204) },
  // People API (admin)
  'GET /api/v1/users': { decision: api(403, 403, 200) },
  'POST /api/v1/users/:userId/disable': { decision: post(403, 403, 200) },
  'POST /api/v1/users/:userId/enable': { decision: post(403, 403, 200) },
  'DELETE /api/v1/users/:userId/sessions/:sessionId': { decision: post(403, 403, 204) },
  'DELETE /api/v1/users/:userId/tokens/:tokenId': { decision: post(403, 403, 204) },
  // Categories API (admin)
  'POST /api/v1/categories': { decision: post(403, 403, 201), body: () => category(`c-${Math.random().toString(36).slice(2, 8)}`) },
  'PATCH /api/v1/categories/:slug': { decision: post(403, 403, 200), body: () => ({ color: '#123456' }) },
  'POST /api/v1/categories/:slug/retire': { decision: post(403, 403, 200) },
  'POST /api/v1/categories/:slug/restore': { decision: post(403, 403, 200) },
  // Tokens API (any signed-in person, for themselves)
  'GET /api/v1/tokens': { decision: api(200, 200, 200) },
  'POST /api/v1/tokens': { decision: post(201, 201, 201), body: () => ({ name: 'matrix' }) },
  'DELETE /api/v1/tokens/:id': { decision: post(404, 404, 404) },
  // Account (any signed-in person, for themselves; the password stays the same, so no later call is refused)
  'POST /api/v1/account/password': {
    decision: post(204, 204, 204),
    body: () => ({ currentPassword: 'correct horse battery', newPassword: 'correct horse battery' }),
  },
  // Management pages
  'GET /manage': { decision: page(200, 200, 200) },
  'GET /manage/nominations/:id': { decision: page(200, 403, 200) },
  'POST /manage/nominations/:id/approve': { decision: post(200, 403, 200), form: () => ({}) },
  'POST /manage/nominations/:id/decline': { decision: post(303, 403, 303), form: () => ({ reason: 'Not our staff' }) },
  'POST /manage/nominations/decline': { decision: post(303, 403, 303), form: (f) => ({ ids: f.nominationId, reason: 'Spam' }) },
  'POST /manage/nominations/:id/attach': { decision: post(403, 403, 303), form: (f) => ({ workplace: f.slug }) },
  'POST /manage/awards/:id/claim-link': { decision: post(200, 403, 200), form: () => ({}) },
  'POST /manage/awards/:id/revoke': { decision: post(303, 403, 303), form: () => ({ reason: 'Given by mistake' }) },
  'GET /manage/account': { decision: page(200, 200, 200) },
  'POST /manage/account': {
    decision: post(200, 200, 200),
    form: () => ({ currentPassword: 'correct horse battery', newPassword: 'correct horse battery' }),
  },
  'GET /manage/workplaces': { decision: page(200, 200, 200) },
  'POST /manage/workplaces': {
    decision: post(403, 403, 303),
    form: () => ({ name: 'Café matrice', city: `Ville ${Math.random().toString(36).slice(2, 6)}` }),
  },
  'GET /manage/workplaces/:slug': { decision: page(200, 403, 200) },
  'POST /manage/workplaces/:slug': { decision: post(200, 403, 200), form: () => ({ lang: 'fr', name: 'Café Rouge', city: 'Montréal' }) },
  'POST /manage/workplaces/:slug/managers': { decision: post(403, 403, 200), form: () => ({ email: 'invited@example.org' }) },
  'POST /manage/workplaces/:slug/managers/:userId/remove': { decision: post(403, 403, 303), form: () => ({}) },
  'GET /manage/people': { decision: page(403, 403, 200) },
  'POST /manage/people/:userId/disable': { decision: post(403, 403, 303), form: () => ({}) },
  'POST /manage/people/:userId/enable': { decision: post(403, 403, 303), form: () => ({}) },
  'POST /manage/people/:userId/sessions/:sessionId/end': { decision: post(403, 403, 303), form: () => ({}) },
  'POST /manage/people/:userId/tokens/:tokenId/revoke': { decision: post(403, 403, 303), form: () => ({}) },
  'GET /manage/tokens': { decision: page(200, 200, 200) },
  'POST /manage/tokens': { decision: post(200, 200, 200), form: () => ({ name: 'matrix', expiresInDays: '30' }) },
  'POST /manage/tokens/:id/revoke': { decision: post(404, 404, 404), form: () => ({}) },
  'GET /manage/categories': { decision: page(403, 403, 200) },
  'POST /manage/categories': {
    decision: post(403, 403, 303),
    form: () => ({
      slug: `f-${Math.random().toString(36).slice(2, 8)}`,
      nameFr: 'Écoute',
      nameEn: 'Listening',
      descriptionFr: 'A bien écouté.',
      descriptionEn: 'Listened well.',
      criteriaFr: 'A écouté le client jusqu’au bout de son histoire.',
      criteriaEn: 'Listened to the customer to the end of their story.',
      color: '#334455',
    }),
  },
  'POST /manage/categories/:slug': {
    decision: post(403, 403, 303),
    form: () => ({
      nameFr: 'Présence',
      nameEn: 'Presence',
      descriptionFr: 'Entièrement là.',
      descriptionEn: 'Fully there.',
      criteriaFr: 'Pleinement présent avec le client pendant tout le moment.',
      criteriaEn: 'Fully present with the customer for the whole moment.',
      color: '#1f6f8b',
    }),
  },
  'POST /manage/categories/:slug/retire': { decision: post(403, 403, 303), form: () => ({}) },
  'POST /manage/categories/:slug/restore': { decision: post(403, 403, 303), form: () => ({}) },
  // Recognition wall (a manager sees only their workplaces: another's is a 403 through ?workplace=, tested in tests/wall)
  'GET /manage/wall': { decision: page(200, 200, 200) },
  'GET /manage/wall/screen': { decision: page(200, 200, 200) },
  'GET /manage/insights': { decision: page(200, 200, 200) },
  'GET /manage/export.csv': { decision: page(200, 200, 200) },
  'GET /manage/export-nominations.csv': { decision: page(200, 200, 200) },
  'GET /manage/workplaces/:slug/print': { decision: page(200, 403, 200) },
};

let t: TestApp;
const cookies: Partial<Record<Who, string>> = {};
let rouge: { id: string; slug: string };

beforeAll(async () => {
  t = await createTestApp({ env: { NOMINATION_RATE_LIMIT: '100000/hour' } });
  rouge = await t.addWorkplace('cafe-rouge');
  const bleu = await t.addWorkplace('cafe-bleu', 'Café Bleu', 'Québec');
  cookies.manager = (await t.signedIn('manager', 'manager@rouge.example', [rouge.id])).cookie;
  cookies.otherManager = (await t.signedIn('manager', 'manager@bleu.example', [bleu.id])).cookie;
  cookies.admin = (await t.signedIn('admin', 'admin@example.org')).cookie;
  // The category routes act on a category of their own, so retiring it never touches the nominations.
  const made = await t.app.request('/api/v1/categories', {
    method: 'POST',
    headers: { cookie: cookies.admin, 'content-type': 'application/json', origin: 'http://localhost:3000' },
    body: JSON.stringify(category('matrix')),
  });
  expect(made.status).toBe(201);
});
afterAll(() => t.close());

/** A fresh nomination (and award) of the first workplace for each call, so no call sees another's effects. */
async function fixture(): Promise<Fixture> {
  const body = MATRIX['POST /api/v1/nominations']!.body!({ slug: 'cafe-rouge' } as Fixture);
  const make = async (workplace: unknown) =>
    ((await (await t.postJson('/api/v1/nominations', { ...(body as object), workplace })).json()) as { id: string }).id;
  const nominationId = await make('cafe-rouge');
  const unlistedId = await make({ name: 'Café Bleu', city: 'Québec' });
  const approved = await make('cafe-rouge');
  const res = await t.app.request(`/api/v1/nominations/${approved}/approve`, {
    method: 'POST',
    headers: { cookie: cookies.admin!, origin: 'http://localhost:3000' },
  });
  const awardId = ((await res.json()) as { award: { id: string } }).award.id;
  return { nominationId, unlistedId, awardId, slug: 'cafe-rouge', category: 'matrix' };
}

let people = 0;

/** A manager of the first workplace, signed in, with an API token: someone for the admin's actions to act on. */
async function person(): Promise<NonNullable<Fixture['person']>> {
  const made = await t.signedIn('manager', `person-${++people}@rouge.example`, [rouge.id]);
  const session = await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', made.id).executeTakeFirstOrThrow();
  const token = await t.postJson('/api/v1/tokens', { name: 'matrix' }, { cookie: made.cookie, origin: 'http://localhost:3000' });
  return { userId: made.id, sessionId: session.id, tokenId: ((await token.json()) as { id: string }).id };
}

function fill(path: string, f: Fixture): string {
  return path
    .replace(':userId', f.person?.userId ?? '')
    .replace(':sessionId', f.person?.sessionId ?? '')
    .replace(':tokenId', f.person?.tokenId ?? '')
    .replace(
      ':id',
      path.includes('/awards/')
        ? f.awardId
        : path.endsWith('/attach')
          ? f.unlistedId
          : path.includes('/tokens/')
            ? 'no-such-token'
            : f.nominationId,
    )
    .replace(':slug', path.includes('categories') ? f.category : f.slug)
    .replace(':token', 'no-such-claim-token');
}

function listRoutes(): string[] {
  const seen = new Set<string>();
  for (const route of t.app.routes) {
    if (route.method === 'ALL') continue;
    if (!route.path.startsWith('/manage') && !route.path.startsWith('/api/v1')) continue;
    seen.add(`${route.method} ${route.path.replace(/\/$/, '') || '/'}`);
  }
  return [...seen].sort();
}

describe('who may use which route', () => {
  it('has a decision for every /manage and /api/v1 route', () => {
    const undecided = listRoutes().filter((key) => !(key in MATRIX));
    expect(undecided, 'routes with no decision in the matrix').toEqual([]);
    const stale = Object.keys(MATRIX).filter((key) => !listRoutes().includes(key));
    expect(stale, 'decisions for routes that no longer exist').toEqual([]);
  });

  for (const [key, route] of Object.entries(MATRIX)) {
    it(`${key}`, async () => {
      const [method, path] = key.split(' ') as [string, string];
      const got: Partial<Decision> = {};
      for (const who of ['anonymous', 'manager', 'otherManager', 'admin'] as Who[]) {
        const f = await fixture();
        if (path.includes(':userId')) f.person = await person();
        const headers: Record<string, string> = { origin: 'http://localhost:3000', accept: 'text/html,application/json' };
        if (cookies[who]) headers.cookie = cookies[who]!;
        let body: string | undefined;
        if (route.form) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = new URLSearchParams(route.form(f)).toString();
        } else if (method !== 'GET') {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(route.body ? route.body(f) : {});
        }
        const res = await t.app.request(fill(path, f), { method, headers, ...(body !== undefined ? { body } : {}) });
        got[who] = res.status;
      }
      expect(got).toEqual(route.decision);
    });
  }
});
