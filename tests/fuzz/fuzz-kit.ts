import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { Actor } from '../../src/auth/actor.ts';
import { bootstrapAdmin, createApiToken, createSession } from '../../src/auth/auth-service.ts';
import { createManagerInvite } from '../../src/auth/invite-service.ts';
import { setCategoryRetired } from '../../src/categories/category-service.ts';
import { claimAward } from '../../src/claims/claim-service.ts';
import { sha256Hex } from '../../src/lib/ids.ts';
import { approveNomination } from '../../src/review/review-service.ts';
import { encodeCursor } from '../../src/wall/wall-filter.ts';
import { updateWorkplace } from '../../src/workplaces/workplace-service.ts';
import type { TestApp } from '../helpers/app.ts';
import { A_NOMINATION, ORIGIN } from '../helpers/journey.ts';
import { ihdr, rewrite, rgbPng } from './png-bombs.ts';

// ————————————————————————————————————————————————————————————— the routes

export type Route = { method: string; path: string };

/**
 * Every route the app answers, from Hono's own table: a route added later is fuzzed without anyone
 * listing it. Middleware (`use`, a path with `*`) is left out; a handler on ALL methods is kept.
 */
export function routesOf(app: { routes: { method: string; path: string }[] }): Route[] {
  const seen = new Map<string, Route>();
  for (const route of app.routes) {
    if (route.method === 'ALL' && route.path.includes('*')) continue;
    const path = route.path.length > 1 ? route.path.replace(/\/$/, '') : route.path;
    seen.set(`${route.method} ${path}`, { method: route.method, path });
  }
  return [...seen.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

// ————————————————————————————————————————————————————————————— the world the fuzz acts on

export type Who = 'anonymous' | 'manager' | 'admin' | 'adminBearer' | 'badBearer' | 'staleCookie';

/** Real values a path or a field may plausibly carry, by what they are. */
export type Pools = {
  nomination: string[];
  award: string[];
  apiToken: string[];
  workplace: string[];
  category: string[];
  claimToken: string[];
  withdrawToken: string[];
  manageToken: string[];
  inviteToken: string[];
  setupToken: string[];
  asset: string[];
  statusList: string[];
  email: string[];
  url: string[];
  cursor: string[];
};

export type World = {
  admin: Actor;
  manager: Actor;
  /** What is always there; each route may add fresh things of its own to use up. */
  stable: Pools;
};

const actorOf = async (t: TestApp, id: string): Promise<Actor> => {
  const user = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const workplaceIds = (await t.ctx.db.selectFrom('workplace_managers').select('workplace_id').where('user_id', '=', id).execute()).map(
    (r) => r.workplace_id,
  );
  return { id: user.id, email: user.email, role: user.role, lang: 'fr', workplaceIds, via: 'session' };
};

const json = async (res: Response) => (await res.json()) as Record<string, any>;

/**
 * The instance as people left it: two workplaces (one with a manager and a public wall), the issuer
 * admin's one-time setup link still open, a custom category and a retired one, and awards in every
 * state — unclaimed, claimed, revoked, erased — made through the routes people use.
 */
export async function seedWorld(t: TestApp): Promise<World> {
  const setup = await bootstrapAdmin(t.ctx);
  const setupToken = setup && 'setupUrl' in setup ? setup.setupUrl.split('/').pop()! : 'no-setup';
  const rouge = await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
  await t.addWorkplace('cafe-bleu', 'Café Bleu', 'Québec');
  const adminUser = await t.signedIn('admin', 'admin@elan.example');
  const managerUser = await t.signedIn('manager', 'marie@rouge.example', [rouge.id]);
  const admin = await actorOf(t, adminUser.id);
  const manager = await actorOf(t, managerUser.id);
  const as = (cookie: string) => ({ cookie, ...ORIGIN, 'content-type': 'application/json' });

  const category = (slug: string) => ({
    slug,
    name: { fr: 'Patience', en: 'Patience' },
    description: { fr: 'A pris le temps.', en: 'Took the time.' },
    criteria: { fr: 'A pris le temps d’écouter le client jusqu’au bout.', en: 'Took the time to hear the customer out fully.' },
  });
  for (const slug of ['patience', 'ancienne']) {
    const res = await t.app.request('/api/v1/categories', {
      method: 'POST',
      headers: as(adminUser.cookie),
      body: JSON.stringify(category(slug)),
    });
    if (res.status !== 201) throw new Error(`category ${slug}: ${res.status}`);
  }
  await t.app.request('/api/v1/categories/ancienne/retire', { method: 'POST', headers: as(adminUser.cookie) });
  await t.app.request('/api/v1/workplaces/cafe-rouge', {
    method: 'PATCH',
    headers: as(adminUser.cookie),
    body: JSON.stringify({ publicWall: true }),
  });

  const world: World = { admin, manager, stable: emptyPools() };
  const made = await makeConsumables(t, world, 3);
  // Two of the claimed awards go further: one revoked by the manager, one erased by the employee.
  const [, toRevoke, toErase] = made.claimed;
  const revoked = await t.app.request(`/api/v1/awards/${toRevoke!.awardId}/revoke`, {
    method: 'POST',
    headers: as(managerUser.cookie),
    body: JSON.stringify({ reason: 'Donné par erreur' }),
  });
  const erased = await t.app.request(`/my/${toErase!.manageToken}/delete`, { method: 'POST', headers: ORIGIN });
  if (revoked.status !== 200 || erased.status !== 200) throw new Error(`revoke ${revoked.status}, erase ${erased.status}`);
  const adminToken = await createApiToken(t.ctx, admin, 'fuzz');
  const managerToken = await createApiToken(t.ctx, manager, 'fuzz');

  world.stable = mergePools(made.pools, {
    award: [toRevoke!.awardId, toErase!.awardId],
    nomination: [toRevoke!.nominationId, toErase!.nominationId],
    manageToken: [toErase!.manageToken],
    apiToken: [adminToken.id, managerToken.id],
    setupToken: [setupToken],
    workplace: ['cafe-rouge', 'cafe-bleu', 'CAFE-ROUGE'],
    category: ['presence', 'elan', 'patience', 'ancienne'],
    asset: ['app.css', 'favicon.svg', 'wall.css', 'wall-screen.js', 'elan.db', '..%2Fpackage.json'],
    statusList: ['1', '2', '0', '-1', '1.5', '1e3', '2147483648', '9007199254740993', '0x1'],
    email: ['admin@elan.example', 'marie@rouge.example', 'Zoe.Martin@Example.org'],
  });
  return world;
}

function emptyPools(): Pools {
  const kinds = [
    'nomination',
    'award',
    'apiToken',
    'workplace',
    'category',
    'claimToken',
    'withdrawToken',
    'manageToken',
    'inviteToken',
    'setupToken',
    'asset',
    'statusList',
    'email',
    'url',
    'cursor',
  ] as const;
  return Object.fromEntries(kinds.map((k) => [k, []])) as unknown as Pools;
}

/** Every plausible value, whatever its kind. */
function everything(pools: Pools): string[] {
  return Object.values(pools).flat();
}

export function mergePools(...pools: Partial<Pools>[]): Pools {
  const out = emptyPools();
  for (const pool of pools) for (const key of Object.keys(out) as (keyof Pools)[]) out[key].push(...(pool[key] ?? []));
  return out;
}

/**
 * Fresh things for the fuzz to use up: a nomination waiting for review (with the nominator's
 * withdraw link), one for a workplace not on the platform, an award not claimed yet (with its claim
 * link), `claims` claimed ones (with the employee's own link), and a manager's invite. Made through
 * the public routes and the review services, without rendering images.
 */
export async function makeConsumables(t: TestApp, world: Pick<World, 'admin'>, claims = 1) {
  await restoreWorld(t, world);
  const nominate = async (workplace: unknown) => {
    const res = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, workplace });
    if (res.status !== 201) throw new Error(`nomination: ${res.status} ${await res.text()}`);
    return (await json(res)).id as string;
  };
  const form = await t.postForm('/w/cafe-rouge/nominate', {
    staffFirstName: 'Ngọc Anh',
    momentDate: A_NOMINATION.momentDate,
    category: 'presence',
    story: 'Il a retrouvé ma commande perdue et me l’a apportée lui-même à la table.',
    publicStoryConsent: 'on',
  });
  const withdrawToken = (form.headers.get('location') ?? '').split('/').pop() ?? '';
  const withdrawable = await t.ctx.db
    .selectFrom('nominations')
    .select('id')
    .where('withdraw_token_hash', '=', sha256Hex(withdrawToken))
    .executeTakeFirstOrThrow();
  const submitted = await nominate('cafe-rouge');
  const unlisted = await nominate({ name: 'Boulangerie du Coin', city: 'Laval' });
  const unclaimed = await approveNomination(t.ctx, world.admin, await nominate('cafe-rouge'));
  const claimed: { awardId: string; nominationId: string; claimToken: string; manageToken: string; issuedOn: string }[] = [];
  for (let i = 0; i < claims; i++) {
    const approved = await approveNomination(t.ctx, world.admin, await nominate('cafe-rouge'));
    const done = await claimAward(t.ctx, approved.claimToken, {
      email: 'zoe.martin@example.org',
      publicPage: true,
      showStory: true,
      lang: 'fr',
    });
    claimed.push({
      awardId: done.id,
      nominationId: approved.nomination.id,
      claimToken: approved.claimToken,
      manageToken: done.manageUrl.split('/').pop()!,
      issuedOn: done.issuedOn,
    });
  }
  const bleu = await t.ctx.db.selectFrom('workplaces').select('id').where('slug', '=', 'cafe-bleu').executeTakeFirstOrThrow();
  const invite = await createManagerInvite(t.ctx, { email: 'nouveau@bleu.example', workplaceId: bleu.id, createdBy: world.admin.id });
  const base = t.ctx.config.publicUrl;
  const first = claimed[0]!;
  const pools: Partial<Pools> = {
    nomination: [withdrawable.id, submitted, unlisted, unclaimed.nomination.id, ...claimed.map((c) => c.nominationId)],
    award: [unclaimed.id, ...claimed.map((c) => c.awardId)],
    withdrawToken: [withdrawToken],
    claimToken: [unclaimed.claimToken, ...claimed.map((c) => c.claimToken)],
    manageToken: claimed.map((c) => c.manageToken),
    inviteToken: [invite.token],
    url: [
      `${base}/ob2/assertions/${first.awardId}`,
      `${base}/ob2/assertions/${first.awardId}`,
      `${base}/ob2/assertions/${unclaimed.id}`,
      `${base}/ob3/credentials/${first.awardId}`,
      `${base}/b/${first.awardId}`,
      'https://example.org/ob2/assertions/x',
    ],
    cursor: [encodeCursor({ createdAt: first.issuedOn, id: first.awardId }), `${first.issuedOn}_${'z'.repeat(64)}`],
  };
  return { pools, claimed };
}

/** Undoes what the fuzz may have changed that the next route's plausible values rely on: the category nominations name, the public wall. */
export async function restoreWorld(t: TestApp, world: Pick<World, 'admin'>): Promise<void> {
  await setCategoryRetired(t.ctx, world.admin, 'presence', false);
  await updateWorkplace(t.ctx, world.admin, 'cafe-rouge', { publicWall: true });
}

/** A signed-in cookie or token for one request: made afresh each time, since the fuzz may sign out. */
export async function credentialsFor(t: TestApp, world: World, who: Who): Promise<Record<string, string>> {
  switch (who) {
    case 'anonymous':
      return {};
    case 'manager':
    case 'admin':
      return { cookie: `elan_session=${await createSession(t.ctx, world[who].id)}` };
    case 'adminBearer':
      return { authorization: `Bearer ${(await createApiToken(t.ctx, world.admin, 'fuzz')).token}` };
    case 'badBearer':
      return { authorization: 'Bearer elan_not-a-real-token' };
    case 'staleCookie':
      return { cookie: 'elan_session=expired-or-forged' };
  }
}

// ————————————————————————————————————————————————————————————— what a client may send

/** A request described in plain data, so fast-check can print and shrink it. */
export type FuzzRequest = {
  method: string;
  path: string;
  query: string;
  who: Who;
  headers: Record<string, string>;
  body: FuzzBody;
};

export type FuzzFile = { name: string; type: string; bytes: Uint8Array };
export type FuzzBody =
  | { kind: 'none' }
  | { kind: 'json'; type: string; text: string }
  | { kind: 'form'; type: string; text: string }
  | { kind: 'multipart'; fields: [string, string | FuzzFile][] }
  | { kind: 'raw'; type: string | null; bytes: Uint8Array | string };

// The names the app's forms and API bodies use, and a few that trouble parsers.
const FIELD_NAMES = [
  'workplace',
  'staffFirstName',
  'staffRole',
  'momentDate',
  'momentPlace',
  'category',
  'story',
  'nominatorName',
  'nominatorEmail',
  'publicStoryConsent',
  'lang',
  'email',
  'password',
  'next',
  'name',
  'slug',
  'city',
  'publicWall',
  'reason',
  'shareReason',
  'employeeEmail',
  'publicPage',
  'showStory',
  'url',
  'json',
  'credential',
  'file',
  'nameFr',
  'nameEn',
  'descriptionFr',
  'descriptionEn',
  'criteriaFr',
  'criteriaEn',
  'color',
  'description',
  'criteria',
  'website',
  'workplaceName',
  'workplaceCity',
  'inline',
  'bare',
  '__proto__',
  'constructor',
  'toString',
  '',
];
const QUERY_NAMES = [
  'workplace',
  'category',
  'from',
  'to',
  'cursor',
  'status',
  'limit',
  'next',
  'lang',
  'all',
  'url',
  'unlisted',
  'overdue',
  'page',
];

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '\u202E',
  '\r\n',
  '<script>alert(1)</script>',
  '=1+1',
  "'; drop table nominations; --",
  '../../etc/passwd',
  '%00',
  '%',
  '%zz',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  'true',
  'on',
  'Zoë',
  'محمد',
  '李小龙',
  '🧑‍🍳',
  'a'.repeat(300),
  '2026-02-30',
  '2026-11-20',
  '9999-12-31',
  '0000-00-00',
  'fr',
  'en',
  'de',
  '#123456',
  '#GGGGGG',
  'correct horse battery',
);
// Any code unit, lone surrogates included: JSON.stringify escapes them, URLSearchParams replaces them.
const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 40 });
const longText = fc
  .tuple(fc.constantFrom('é', 'a', '😀', '\u0301', ' ', '0'), fc.integer({ min: 100, max: 3_000 }))
  .map(([c, n]) => c.repeat(n));

/** A text a field might get: plausible, odd, unicode, huge. */
export function textArb(pools: Pools) {
  const plausible = everything(pools);
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
    { weight: 1, arbitrary: anyUnits },
    { weight: 3, arbitrary: oddStrings },
    { weight: 1, arbitrary: longText },
    // PostgreSQL cannot store a NUL in text; SQLite can.
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...plausible, '')).map(([a, b]) => `${b}\u0000${a}`) },
    { weight: 3, arbitrary: plausible.length ? fc.constantFrom(...plausible) : fc.string() },
  );
}

// The keys of the documents /verify reads (an Open Badges assertion, a credential), beside the form fields.
const DOCUMENT_KEYS = [
  'id',
  'type',
  '@context',
  'issuer',
  'proof',
  'credentialSubject',
  'credentialStatus',
  'recipient',
  'badge',
  'verification',
  'issuedOn',
  'validFrom',
  'evidence',
];

/**
 * JSON text near the shapes the app reads: the right keys with any values and wrong types, documents
 * that name this instance's own badges, and nesting deeper than a recursive walk can follow (built
 * as text: JSON.stringify would recurse as deep).
 */
function jsonTextArb(pools: Pools) {
  const text = textArb(pools);
  const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null)).map((v) => JSON.stringify(v));
  const deep = fc.integer({ min: 1_000, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n));
  const objectOf = (keys: fc.Arbitrary<string>, value: fc.Arbitrary<string>) =>
    fc.array(fc.tuple(keys, value), { maxLength: 8 }).map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
  const leaf = fc.oneof(
    { weight: 8, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }).map((items) => `[${items.join(',')}]`) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: deep },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...pools.url, '["VerifiableCredential","OpenBadgeCredential"]', '"did:web:localhost%3A3000"')
        .map((v) => (v.startsWith('[') || v.startsWith('"') ? v : JSON.stringify(v))),
    },
  );
  const documentKeys = fc.oneof(fc.constantFrom(...DOCUMENT_KEYS), fc.constantFrom(...FIELD_NAMES));
  const document = objectOf(documentKeys, fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: objectOf(documentKeys, leaf) }));
  // A document naming one of this instance's badges (so a verifier looks it up and compares), most
  // often with something hazardous beside the id.
  const hazard = fc.oneof(
    { weight: 3, arbitrary: deep },
    { weight: 1, arbitrary: longText.map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('{"toString":1,"valueOf":1}', '[{"identityHash":1,"salt":{"toString":1}}]', '{"__proto__":{"x":1}}'),
    },
  );
  const ours = fc
    .tuple(
      fc.constantFrom(...pools.url),
      fc.oneof(
        { weight: 1, arbitrary: document },
        { weight: 2, arbitrary: fc.tuple(documentKeys, hazard).map(([k, v]) => `{${JSON.stringify(k)}:${v}}`) },
      ),
    )
    .map(([url, rest]) => `{"id":${JSON.stringify(url)}${rest === '{}' ? '' : `,${rest.slice(1, -1)}`}}`);
  const value = fc.oneof({ weight: 6, arbitrary: leaf }, { weight: 1, arbitrary: document }, { weight: 1, arbitrary: ours });
  return fc.oneof(
    { weight: 8, arbitrary: objectOf(fc.constantFrom(...FIELD_NAMES), value) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom('credential', 'credential', 'json', 'url'), ours, fc.option(text))
        .map(([k, doc, email]) => `{${JSON.stringify(k)}:${doc}${email === null ? '' : `,"email":${JSON.stringify(email)}`}}`),
    },
    { weight: 2, arbitrary: fc.oneof(document, ours) },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: value },
  );
}

const pngSignature = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const smallPng = rgbPng(3, 2);

/** An uploaded file: random bytes, a PNG signature and noise, a real PNG damaged or lying about its size, JSON. */
function fileArb(pools: Pools) {
  return fc.record({
    name: fc.oneof(fc.constantFrom('badge.png', 'badge.json', 'x', '', '../../evil.png', 'é.PNG'), fc.string({ maxLength: 20 })),
    type: fc.constantFrom('image/png', 'application/json', 'application/octet-stream', 'text/plain', 'image/jpeg', 'application/pdf', ''),
    bytes: fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((rest) => Uint8Array.from([...pngSignature, ...rest])),
      fc.array(fc.tuple(fc.nat(smallPng.length - 1), fc.nat(255)), { minLength: 1, maxLength: 3 }).map((flips) => {
        const damaged = Uint8Array.from(smallPng);
        for (const [at, value] of flips) damaged[at] = value;
        return damaged;
      }),
      fc
        .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }))
        .map(([w, h]) => Uint8Array.from(rewrite(smallPng, (chunks) => [ihdr(w, h, 8, 2), ...chunks.slice(1)]))),
      jsonTextArb(pools).map((v) => new TextEncoder().encode(v)),
    ),
  });
}

const jsonType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/ld+json',
      'application/json; charset=utf-16',
      'application/jsonx',
    ),
  },
);
const RAW_TYPES = [
  null,
  '',
  'text/plain',
  'application/json',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=latin1',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=x',
  'application/xml',
  'image/png',
  ';;;',
  'application/octet-stream',
  'text/html; charset=nope',
];

/**
 * A body: JSON of any shape, a urlencoded or multipart form, broken bytes under any content type, or
 * too much. The API mostly gets JSON and the pages mostly forms, so most requests reach the route's
 * own checks; each still gets the others.
 */
export function bodyArb(pools: Pools, api: boolean) {
  const text = textArb(pools);
  const formFields = fc.array(
    fc.tuple(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }),
      text,
    ),
    { maxLength: 10 },
  );
  const urlencoded = fc.oneof(
    { weight: 4, arbitrary: formFields.map((fields) => new URLSearchParams(fields).toString()) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz=1', 'a=%E0%A4%A', '&&==&', 'email=%FF%FE', `${'a'.repeat(1000)}=`) },
  );
  const raw = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }),
    fc.json(),
    fc.constantFrom(
      '{"a":',
      '{"email": "x"',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
      '--x--',
      '\uFEFF{}',
      'null',
      '[]',
    ),
  );
  const body: fc.Arbitrary<FuzzBody> = fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: api ? 12 : 3, arbitrary: fc.record({ kind: fc.constant('json' as const), type: jsonType, text: jsonTextArb(pools) }) },
    {
      weight: api ? 2 : 8,
      arbitrary: fc.record({
        kind: fc.constant('form' as const),
        type: fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8'),
        text: urlencoded,
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('multipart' as const),
        fields: fc.array(fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.oneof(text, jsonTextArb(pools), fileArb(pools))), { maxLength: 6 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('raw' as const), type: fc.constantFrom(...RAW_TYPES), bytes: raw }) },
    // Past the 64 KB cap on forms and JSON (a 413 is expected).
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('raw' as const),
        type: fc.constantFrom('application/json', 'application/x-www-form-urlencoded'),
        bytes: fc.integer({ min: 65 * 1024, max: 80 * 1024 }).map((n) => `{"story":"${'x'.repeat(n)}"}`),
      }),
    },
  );
  return body;
}

/** A query string: the app's own parameter names with any values, repeated names, broken escapes. */
export function queryArb(pools: Pools) {
  const value = fc.oneof(
    textArb(pools),
    fc.constantFrom(
      ...pools.cursor,
      ...pools.workplace,
      ...pools.category,
      'submitted',
      'approved',
      '1',
      '0',
      '201',
      '-5',
      'abc',
      '2026-11-01',
      '2027-01-01',
      '/manage',
      '//evil.example',
      'https://evil.example',
    ),
  );
  const pairs = fc.array(
    fc.tuple(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
      value,
    ),
    { maxLength: 5 },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    { weight: 6, arbitrary: pairs.map((p) => (p.length ? `?${new URLSearchParams(p).toString()}` : '')) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '?%',
        '?lang=%zz',
        '?workplace=%E0%A4%A',
        '?&&&',
        `?cursor=${'z'.repeat(5000)}`,
        '?from=2026-11-30&to=2026-11-01',
      ),
    },
  );
}

// The kind of value a path parameter holds, by the path segment before it; else by its name.
const SEGMENT_KINDS: Record<string, (keyof Pools)[]> = {
  nominations: ['nomination'],
  awards: ['award'],
  b: ['award'],
  assertions: ['award'],
  credentials: ['award'],
  tokens: ['apiToken'],
  w: ['workplace'],
  workplaces: ['workplace'],
  categories: ['category'],
  badges: ['category'],
  achievements: ['category'],
  claim: ['claimToken'],
  claims: ['claimToken'],
  n: ['withdrawToken'],
  my: ['manageToken'],
  invite: ['inviteToken'],
  setup: ['setupToken'],
  assets: ['asset'],
  status: ['statusList'],
};
const NAME_KINDS: Record<string, (keyof Pools)[]> = {
  id: ['nomination', 'award', 'apiToken'],
  slug: ['workplace', 'category'],
  token: ['claimToken', 'withdrawToken', 'manageToken', 'inviteToken', 'setupToken'],
};

/** The kinds of value each path parameter of a route plausibly holds. */
export function paramKinds(path: string): (keyof Pools)[][] {
  const parts = path.split('/');
  return parts.flatMap((part, i) => {
    const name = /^:(\w+)/.exec(part)?.[1];
    if (!name) return [];
    return [SEGMENT_KINDS[parts[i - 1] ?? ''] ?? NAME_KINDS[name] ?? []];
  });
}

/** A path segment: a real value of the right kind most of the time, else any real value, else anything, escaped or not. */
export function segmentArb(kinds: (keyof Pools)[], pools: Pools) {
  const all = everything(pools);
  const plausible = kinds.flatMap((k) => pools[k]);
  return fc.oneof(
    { weight: 7, arbitrary: fc.constantFrom(...(plausible.length ? plausible : all)) },
    { weight: 1, arbitrary: fc.constantFrom(...all) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map(encodeURIComponent) },
    {
      weight: 2,
      arbitrary: fc.constantFrom('%', '%zz', '%C0%AF', '..', '.', '%2F', '%00', 'a%00', 'a%20b', 'x'.repeat(3000), '%F0%9F%98', 'null'),
    },
  );
}

const WHO: Who[] = ['anonymous', 'manager', 'admin', 'adminBearer', 'badBearer', 'staleCookie'];

/** Every kind of request a route may receive: who, from where, with what. */
export function requestArb(route: Route, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const params = paramKinds(route.path);
  const segments = fc.tuple(...params.map((kinds) => segmentArb(kinds, pools)));
  const readsBody = !/^(GET|HEAD)$/.test(route.method);
  return fc.record({
    method: route.method === 'ALL' ? fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') : fc.constant(route.method),
    path: params.length ? segments.map((values) => fillPath(route.path, values)) : fc.constant(route.path),
    query: queryArb(pools),
    who: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<Who>('anonymous', 'manager', 'admin') },
      { weight: 1, arbitrary: fc.constantFrom(...WHO) },
    ),
    // Mostly what a browser on the site sends, so the CSRF check lets most requests through to the route.
    headers: fc
      .tuple(
        fc.oneof(
          { weight: 14, arbitrary: fc.constant<string | null>(ORIGIN.origin) },
          { weight: 2, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.constantFrom('https://evil.example', 'null', 'http://localhost:3000/') },
        ),
        fc.record(
          {
            accept: fc.constantFrom('text/html,application/xhtml+xml', 'application/json', '*/*', 'image/png'),
            'accept-language': fc.oneof(
              fc.constantFrom('fr-CA,fr;q=0.9', 'en-US,en;q=0.5', 'de', '*', ';q=x,,'),
              fc.string({ maxLength: 20 }),
            ),
            'sec-fetch-site': fc.oneof(
              { weight: 8, arbitrary: fc.constant('same-origin') },
              { weight: 1, arbitrary: fc.constantFrom('cross-site', 'none') },
            ),
            'x-forwarded-for': fc.constantFrom('203.0.113.9', 'not an address', ''),
          },
          { requiredKeys: [] },
        ),
      )
      .map(([origin, rest]): Record<string, string> => (origin === null ? rest : { origin, ...rest })),
    body: readsBody ? bodyArb(pools, route.path.startsWith('/api/')) : fc.constant<FuzzBody>({ kind: 'none' }),
  });
}

function fillPath(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/:(\w+)(\{[^}]*\})?/g, () => values[i++] ?? 'x');
}

/** Sends the request to the app and reads the whole answer (a streamed body that fails fails here). */
export async function send(t: TestApp, world: World, req: FuzzRequest): Promise<{ status: number; body: Uint8Array; headers: Headers }> {
  const headers: Record<string, string> = { ...req.headers, ...(await credentialsFor(t, world, req.who)) };
  let body: RequestInit['body'];
  const b = req.body;
  if (b.kind === 'json' || b.kind === 'form') {
    headers['content-type'] = b.type;
    body = b.text;
  } else if (b.kind === 'raw') {
    if (b.type !== null) headers['content-type'] = b.type;
    body = typeof b.bytes === 'string' ? b.bytes : (b.bytes as Uint8Array<ArrayBuffer>);
  } else if (b.kind === 'multipart') {
    const form = new FormData();
    for (const [name, value] of b.fields) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, new File([value.bytes as Uint8Array<ArrayBuffer>], value.name, { type: value.type }));
    }
    body = form;
  }
  const res = await t.app.request(`${req.path}${req.query}`, { method: req.method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, body: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
}

// ————————————————————————————————————————————————————————————— what must always hold

/**
 * How much of each kind the database holds, and when each table last changed (the fuzz moves the
 * clock at every request, so any update shows): a refused request must leave all of it as it was.
 * Rate-limit counters, cached badge images, sessions and the mail outbox's delivery state are left
 * out: they change by design. One row of scalar subqueries: one round trip, the same SQL on both engines.
 */
export async function footprint(t: TestApp): Promise<Record<string, unknown>> {
  const { rows } = await sql<Record<string, unknown>>`
    select
      (select count(*) from nominations) as nominations,
      (select max(updated_at) from nominations) as nominations_updated,
      (select count(*) from nomination_events) as events,
      (select count(*) from awards) as awards,
      (select max(updated_at) from awards) as awards_updated,
      (select count(*) from workplaces) as workplaces,
      (select max(updated_at) from workplaces) as workplaces_updated,
      (select count(*) from categories) as categories,
      (select max(updated_at) from categories) as categories_updated,
      (select count(*) from users) as users,
      (select max(updated_at) from users) as users_updated,
      (select count(*) from workplace_managers) as workplace_managers,
      (select count(*) from invites) as invites,
      (select count(used_at) from invites) as invites_used,
      (select count(revoked_at) from api_tokens) as api_tokens_revoked,
      (select count(*) from outbox) as outbox,
      (select count(*) from status_list_entries) as status_list_entries,
      (select max(updated_at) from status_lists) as status_lists_updated,
      (select count(*) from signing_keys) as signing_keys
  `.execute(t.ctx.db);
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, v === null ? null : String(v)]));
}

const STATUS_EVENTS = new Set(['submitted', 'approved', 'declined', 'withdrawn', 'claimed', 'revoked', 'erased']);
const NEXT: Record<string, string[]> = {
  '': ['submitted'],
  submitted: ['approved', 'declined', 'withdrawn'],
  approved: ['claimed', 'revoked'],
  claimed: ['revoked', 'erased'],
  declined: [],
  withdrawn: [],
  revoked: [],
  erased: [],
};
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What the schema and the story imply, checked over the whole database; the list of what is broken.
 * A nomination's history starts with 'submitted' and follows the life of a nomination; its stored
 * status is its history's last word; an award belongs to an approved nomination, mirrors it, and
 * carries exactly what its state needs (a claim link until claimed, credentials once claimed, nothing
 * that ties it to a person once erased); the status lists agree with the awards; the insights'
 * tallies agree with the awards they count.
 */
export async function brokenInvariants(t: TestApp): Promise<string[]> {
  const db = t.ctx.db;
  const [nominations, events, awards, workplaces, categories, users, managers, invites, sessions, tokens, lists, entries, images, tallies] =
    await Promise.all([
      db.selectFrom('nominations').selectAll().execute(),
      db.selectFrom('nomination_events').selectAll().orderBy('id').execute(),
      db.selectFrom('awards').selectAll().execute(),
      db.selectFrom('workplaces').selectAll().execute(),
      db.selectFrom('categories').selectAll().execute(),
      db.selectFrom('users').selectAll().execute(),
      db.selectFrom('workplace_managers').selectAll().execute(),
      db.selectFrom('invites').selectAll().execute(),
      db.selectFrom('sessions').select(['user_id']).execute(),
      db.selectFrom('api_tokens').select(['id', 'user_id']).execute(),
      db.selectFrom('status_lists').selectAll().execute(),
      db.selectFrom('status_list_entries').selectAll().execute(),
      db.selectFrom('badge_images').select(['award_id']).execute(),
      db.selectFrom('award_month_counts').selectAll().execute(),
    ]);
  const broken: string[] = [];
  const workplaceIds = new Set(workplaces.map((w) => w.id));
  const categorySlugs = new Set(categories.map((c) => c.slug));
  const userIds = new Set(users.map((u) => u.id));
  const nominationById = new Map(nominations.map((n) => [n.id, n]));
  const awardsByNomination = new Map<string, typeof awards>();
  for (const a of awards) awardsByNomination.set(a.nomination_id, [...(awardsByNomination.get(a.nomination_id) ?? []), a]);
  const eventsByNomination = new Map<string, typeof events>();
  for (const e of events) {
    if (!nominationById.has(e.nomination_id)) broken.push(`event ${e.id} belongs to no nomination`);
    eventsByNomination.set(e.nomination_id, [...(eventsByNomination.get(e.nomination_id) ?? []), e]);
  }

  for (const n of nominations) {
    const history = eventsByNomination.get(n.id) ?? [];
    if (history[0]?.type !== 'submitted') broken.push(`nomination ${n.id} does not start with its 'submitted' event`);
    if (history.filter((e) => e.type === 'submitted').length !== 1)
      broken.push(`nomination ${n.id} has ${history.filter((e) => e.type === 'submitted').length} 'submitted' events`);
    let status = '';
    for (const e of history) {
      if (!STATUS_EVENTS.has(e.type)) continue;
      if (!NEXT[status]?.includes(e.type)) broken.push(`nomination ${n.id} went from '${status}' to '${e.type}'`);
      status = e.type;
    }
    if (status !== n.status) broken.push(`nomination ${n.id} is '${n.status}' but its history says '${status}'`);
    if (history.some((e) => e.type === 'claim_link_reissued') && !awardsByNomination.has(n.id))
      broken.push(`nomination ${n.id} had a claim link reissued without an award`);
    if (history.some((e) => e.type === 'attached') && n.workplace_id === null)
      broken.push(`nomination ${n.id} was attached but has no workplace`);
    if (n.workplace_id !== null && !workplaceIds.has(n.workplace_id)) broken.push(`nomination ${n.id} names a missing workplace`);
    if (n.workplace_id === null && !(n.workplace_name && n.workplace_city))
      broken.push(`nomination ${n.id} has neither a workplace nor a name and city`);
    if (!categorySlugs.has(n.category_slug)) broken.push(`nomination ${n.id} names a missing category`);
    if (!['fr', 'en'].includes(n.lang)) broken.push(`nomination ${n.id} has language '${n.lang}'`);
    if (![0, 1].includes(Number(n.public_story_consent))) broken.push(`nomination ${n.id} has consent ${n.public_story_consent}`);
    const latest = new Date(Date.parse(n.created_at) + 86_400_000).toISOString().slice(0, 10);
    if (!DAY.test(n.moment_date) || n.moment_date > latest) broken.push(`nomination ${n.id} has moment date '${n.moment_date}'`);
    if (!n.staff_first_name.trim() || [...n.story].length < 20 || [...n.story].length > 2000)
      broken.push(`nomination ${n.id} has a name or story out of bounds`);
    const own = awardsByNomination.get(n.id) ?? [];
    const decided = ['approved', 'claimed', 'revoked', 'erased'].includes(n.status);
    if (decided !== (own.length === 1) || own.length > 1) broken.push(`nomination ${n.id} is '${n.status}' with ${own.length} awards`);
  }

  const entryByCredential = new Map(entries.map((e) => [e.credential_id, e]));
  const bits = new Map(
    await Promise.all(lists.map(async (l) => [Number(l.id), await decodeList({ encodedList: l.encoded_list })] as const)),
  );
  const listById = new Map(lists.map((l) => [Number(l.id), l]));
  for (const a of awards) {
    const n = nominationById.get(a.nomination_id);
    if (!n) {
      broken.push(`award ${a.id} belongs to no nomination`);
      continue;
    }
    const approvedEvent = (eventsByNomination.get(n.id) ?? []).find((e) => e.type === 'approved');
    if (!approvedEvent || JSON.parse(approvedEvent.data ?? '{}').awardId !== a.id)
      broken.push(`award ${a.id} has no approval in its nomination's history`);
    if (a.status !== n.status) broken.push(`award ${a.id} is '${a.status}' but its nomination is '${n.status}'`);
    if (
      a.workplace_id !== n.workplace_id ||
      a.category_slug !== n.category_slug ||
      a.staff_first_name !== n.staff_first_name ||
      a.moment_date !== n.moment_date
    ) {
      broken.push(`award ${a.id} does not mirror its nomination`);
    }
    if (!['fr', 'en'].includes(a.lang)) broken.push(`award ${a.id} has language '${a.lang}'`);
    const wasClaimed = a.issued_on !== null;
    if (a.claim_token_hash === null && !wasClaimed) broken.push(`award ${a.id} has no claim link and was never claimed`);
    if (
      a.status === 'approved' &&
      (a.claim_token_hash === null ||
        a.claim_expires_at === null ||
        wasClaimed ||
        a.ob3_credential !== null ||
        a.manage_token_hash !== null)
    ) {
      broken.push(`award ${a.id} is approved but not just waiting for its claim`);
    }
    if (a.status === 'claimed' || (a.status === 'revoked' && wasClaimed)) {
      if (!/^sha256\$[0-9a-f]{64}$/.test(a.recipient_identity ?? '') || !a.recipient_salt || !a.ob3_credential || !a.manage_token_hash)
        broken.push(`award ${a.id} is ${a.status} without its credentials`);
    }
    if ((a.status === 'claimed' || a.status === 'approved') && (a.revoked_at !== null || a.revocation_reason !== null))
      broken.push(`award ${a.id} is ${a.status} with a revocation`);
    if ((a.status === 'revoked' || a.status === 'erased') && (!a.revoked_at || !a.revocation_reason))
      broken.push(`award ${a.id} is ${a.status} without when and why`);
    if (
      a.status === 'erased' &&
      (a.recipient_identity ||
        a.recipient_salt ||
        a.ob3_credential ||
        a.manage_token_hash ||
        a.claim_token_hash ||
        Number(a.public_page) !== 0)
    ) {
      broken.push(`award ${a.id} is erased but still tied to its recipient`);
    }
    const credentialUrl = `${t.ctx.config.publicUrl}/ob3/credentials/${a.id}`;
    const entry = entryByCredential.get(credentialUrl);
    if (wasClaimed !== (entry !== undefined))
      broken.push(`award ${a.id} ${wasClaimed ? 'was claimed without' : 'has'} a status list entry`);
    if (entry && a.ob3_credential) {
      const status = JSON.parse(a.ob3_credential).credentialStatus as { statusListIndex?: string; statusListCredential?: string };
      if (Number(status.statusListIndex) !== entry.status_index || status.statusListCredential !== listById.get(Number(entry.list_id))?.url)
        broken.push(`award ${a.id}'s credential and status entry disagree`);
    }
    const list = entry ? bits.get(Number(entry.list_id)) : undefined;
    if (list && entry) {
      const bit = list.getStatus(entry.status_index);
      if (bit !== (a.status === 'revoked' || a.status === 'erased'))
        broken.push(`award ${a.id} is '${a.status}' but its status bit is ${bit ? 'set' : 'clear'}`);
    }
  }
  for (const list of lists) {
    const count = entries.filter((e) => Number(e.list_id) === Number(list.id)).length;
    if (Number(list.assigned_count) !== count) broken.push(`status list ${list.id} counts ${list.assigned_count} entries but has ${count}`);
    if (JSON.parse(list.credential).credentialSubject?.encodedList !== list.encoded_list)
      broken.push(`status list ${list.id}'s signed credential is not its list`);
  }
  for (const e of entries) if (!listById.has(Number(e.list_id))) broken.push(`status entry ${e.credential_id} names a missing list`);

  const counted = new Map<string, number>();
  for (const a of awards) {
    if (a.status !== 'approved' && a.status !== 'claimed') continue;
    const key = `${a.workplace_id ?? ''}|${a.created_at.slice(0, 7)}|${a.category_slug}`;
    counted.set(key, (counted.get(key) ?? 0) + 1);
  }
  for (const row of tallies) {
    const key = `${row.workplace_id}|${row.month}|${row.category_slug}`;
    if (Number(row.awards) !== (counted.get(key) ?? 0))
      broken.push(`the tally ${key} says ${row.awards} awards, there are ${counted.get(key) ?? 0}`);
    counted.delete(key);
  }
  for (const [key, n] of counted) broken.push(`${n} shown awards at ${key} are missing from the tallies`);

  for (const w of workplaces) {
    if (
      !SLUG.test(w.slug) ||
      !['fr', 'en'].includes(w.lang) ||
      ![0, 1].includes(Number(w.public_wall)) ||
      w.name.trim().length < 2 ||
      w.city.trim().length < 2
    )
      broken.push(`workplace ${w.slug} is malformed`);
  }
  for (const c of categories)
    if (!/^#[0-9a-f]{6}$/.test(c.color) || !/^[a-z0-9-]{1,40}$/.test(c.slug)) broken.push(`category ${c.slug} is malformed`);
  for (const u of users) {
    if (!['admin', 'manager'].includes(u.role) || u.email !== u.email.trim().toLowerCase() || !u.email.includes('@'))
      broken.push(`user ${u.email} is malformed`);
  }
  if (!users.some((u) => u.role === 'admin')) broken.push('no issuer admin is left');
  for (const m of managers)
    if (!userIds.has(m.user_id) || !workplaceIds.has(m.workplace_id))
      broken.push(`manager link ${m.user_id}/${m.workplace_id} is dangling`);
  for (const s of sessions) if (!userIds.has(s.user_id)) broken.push('a session belongs to no user');
  for (const k of tokens) if (!userIds.has(k.user_id)) broken.push(`API token ${k.id} belongs to no user`);
  for (const i of invites) {
    if (i.workplace_id !== null && !workplaceIds.has(i.workplace_id)) broken.push(`invite ${i.id} names a missing workplace`);
    if (!i.used_at || i.role !== 'manager') continue;
    const user = users.find((u) => u.email === i.email);
    if (!user || !managers.some((m) => m.user_id === user.id && m.workplace_id === i.workplace_id))
      broken.push(`invite ${i.id} was used but its manager is not in place`);
  }
  for (const image of images)
    if (!awards.some((a) => a.id === image.award_id)) broken.push(`badge image of missing award ${image.award_id}`);
  return broken;
}
