import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEmail } from '../../src/credentials/ob3/credential.ts';
import { validateOb3Schema } from '../../src/credentials/ob3/schema.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { approvedAward, claim } from '../helpers/journey.ts';

const clock = testClock('2026-11-22T15:00:00.000Z');
let t: TestApp;
let awardId: string;
const ACCEPT = 'application/ld+json, application/json, image/png, image/svg+xml';

/** Fetches a document the way the 1EdTech validator does: by its id, with its Accept header. */
async function fetchById(id: string) {
  const url = new URL(id);
  expect(url.origin, `${id} is on this instance`).toBe('http://localhost:3000');
  const res = await t.app.request(url.pathname + url.search, { headers: { accept: ACCEPT } });
  expect(res.status, id).toBe(200);
  return res;
}

async function jsonById(id: string) {
  const res = await fetchById(id);
  expect(res.headers.get('content-type')).toMatch(/json/);
  const body = (await res.json()) as Record<string, any>;
  // Served at exactly its id: a document whose id differs earns a warning and a re-fetch.
  expect(body.id).toBe(id);
  return body;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  const rouge = await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
  const manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
  const approved = await approvedAward(t, manager);
  awardId = approved.awardId;
  expect((await claim(t, approved.token, { email: 'Zoe.Martin@Example.org', lang: 'en' })).status).toBe(200);
});
afterAll(() => t.close());

describe('the Open Badges 2.0 documents pass every check the 1EdTech validator runs', () => {
  it('the Assertion: context, required fields, hosted verification, issuedOn with a timezone and not in the future, no allowedOrigins', async () => {
    const a = await jsonById(`http://localhost:3000/ob2/assertions/${awardId}`);
    expect(a['@context']).toBe('https://w3id.org/openbadges/v2');
    expect(a.type).toBe('Assertion');
    expect(a.verification).toEqual({ type: 'hosted' });
    expect(a.issuedOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    expect(new Date(a.issuedOn).getTime()).toBeLessThanOrEqual(clock.now().getTime());
    expect(a).not.toHaveProperty('expires');
    expect(JSON.stringify(a)).not.toContain('allowedOrigins');
    expect(a.image).toMatch(/^http:\/\/localhost:3000\//);
    const image = await fetchById(a.image);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(a.evidence[0].name).toContain('November 20, 2026');
    expect(a.evidence[0].description).toContain('Café Rouge');
  });

  it('the recipient: a salted SHA-256 of the claimed email that a verifier can recompute', async () => {
    const a = await jsonById(`http://localhost:3000/ob2/assertions/${awardId}`);
    expect(a.recipient).toMatchObject({ type: 'email', hashed: true });
    expect(a.recipient.identity).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(a.recipient.salt.length).toBeGreaterThanOrEqual(16);
    const { createHash } = await import('node:crypto');
    const recomputed = `sha256$${createHash('sha256').update(`zoe.martin@example.org${a.recipient.salt}`).digest('hex')}`;
    expect(a.recipient.identity).toBe(recomputed);
    expect(hashEmail('zoe.martin@example.org', a.recipient.salt)).toBe(recomputed);
  });

  it('the BadgeClass: name, description, image answering with an image type, criteria narrative, issuer, string tags, a valid language tag', async () => {
    const a = await jsonById(`http://localhost:3000/ob2/assertions/${awardId}`);
    const b = await jsonById(a.badge);
    expect(b.type).toBe('BadgeClass');
    expect(b.name).toBe('Presence');
    expect(b['@language']).toBe('en');
    expect(b.description.length).toBeGreaterThan(10);
    expect(b.criteria.narrative.length).toBeGreaterThan(40);
    expect(b.tags.every((tag: unknown) => typeof tag === 'string')).toBe(true);
    const image = await fetchById(b.image);
    expect(image.headers.get('content-type')).toMatch(/^image\/(png|svg\+xml)/);
    const french = await jsonById('http://localhost:3000/ob2/badges/presence');
    expect(french).toMatchObject({ name: 'Présence', '@language': 'fr-CA' });
  });

  it('the Issuer: http(s) id, name, url and email', async () => {
    const a = await jsonById(`http://localhost:3000/ob2/assertions/${awardId}`);
    const b = await jsonById(a.badge);
    const issuer = await jsonById(b.issuer);
    expect(issuer).toMatchObject({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Issuer',
      name: 'Élan',
      url: 'http://localhost:3000',
    });
    expect(issuer.email).toMatch(/@/);
  });

  it('every id shares the issuer’s host and port', async () => {
    const a = await jsonById(`http://localhost:3000/ob2/assertions/${awardId}`);
    const b = await jsonById(a.badge);
    for (const id of [a.id, a.badge, b.issuer, a.image, b.image]) expect(new URL(id).host).toBe('localhost:3000');
  });

  it('answers plain application/json too, and an unknown assertion with 404', async () => {
    const res = await t.app.request(`/ob2/assertions/${awardId}`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect((await t.app.request('/ob2/assertions/unknown', { headers: { accept: ACCEPT } })).status).toBe(404);
  });
});

describe('the Open Badges 3.0 credential minted at claim', () => {
  it('is signed with eddsa-rdfc-2022 by the did:web issuer, whose document lists the key as a Multikey', async () => {
    const credential = (await (await t.app.request(`/ob3/credentials/${awardId}`)).json()) as Record<string, any>;
    expect(credential['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(credential.issuer.id).toBe('did:web:localhost%3A3000');
    expect(Array.isArray(credential.proof)).toBe(true);
    expect(credential.proof[0]).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    expect(credential.credentialSubject.achievement.inLanguage).toBe('en');
    const did = (await (await t.app.request('/.well-known/did.json')).json()) as Record<string, any>;
    expect(did.id).toBe('did:web:localhost%3A3000');
    expect(did.verificationMethod[0]).toMatchObject({ type: 'Multikey', controller: 'did:web:localhost%3A3000' });
    expect(credential.proof[0].verificationMethod.startsWith(`${did.id}#`)).toBe(true);
    const achievement = await jsonById(credential.credentialSubject.achievement.id);
    expect(achievement.type).toEqual(['Achievement']);
    const list = (await (await t.app.request(new URL(credential.credentialStatus.statusListCredential).pathname)).json()) as Record<
      string,
      any
    >;
    expect(list.type).toContain('BitstringStatusListCredential');
  });

  it('is accepted by the official OB 3.0 JSON schema', async () => {
    const credential = await (await t.app.request(`/ob3/credentials/${awardId}`)).json();
    const result = validateOb3Schema(credential);
    expect(result).toMatchObject({ available: true, valid: true });
  });
});

describe('the hosted assertion, asked again', () => {
  it('is always made from the award as it is now: after the workplace is renamed, the story corrected, then hidden, the badge revoked', async () => {
    const rouge = await t.ctx.db.selectFrom('workplaces').select('id').where('slug', '=', 'cafe-rouge').executeTakeFirstOrThrow();
    const manager = await t.signedIn('manager', 'paul@cafe-rouge.example', [rouge.id]);
    const approved = await approvedAward(t, manager, { story: 'Il a réparé ma poussette avec un trombone et un sourire.' });
    expect((await claim(t, approved.token, { lang: 'fr', showStory: true })).status).toBe(200);
    const id = `http://localhost:3000/ob2/assertions/${approved.awardId}`;
    const asked = async () => JSON.stringify(await jsonById(id));

    const first = await asked();
    expect(first).toContain('Café Rouge');
    expect(first).toContain('poussette');
    expect(await asked()).toBe(first);

    await t.ctx.db.updateTable('workplaces').set({ name: 'Café Rose' }).where('id', '=', rouge.id).execute();
    const renamed = await asked();
    expect(renamed).toContain('Café Rose');
    expect(renamed).not.toContain('Café Rouge');

    // The story corrected by hand, on the nomination's row.
    const { nomination_id } = await t.ctx.db
      .selectFrom('awards')
      .select('nomination_id')
      .where('id', '=', approved.awardId)
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('nominations')
      .set({ story: 'Il a réparé ma poussette et mon parapluie.' })
      .where('id', '=', nomination_id)
      .execute();
    const corrected = await asked();
    expect(corrected).toContain('parapluie');
    expect(corrected).toContain('Café Rose');

    await t.ctx.db.updateTable('awards').set({ show_story: 0 }).where('id', '=', approved.awardId).execute();
    const hidden = await asked();
    expect(hidden).not.toContain('poussette');
    expect(hidden).not.toContain('parapluie');
    expect(hidden).toContain('Café Rose');

    await t.ctx.db
      .updateTable('awards')
      .set({ status: 'revoked', revocation_reason: 'Décerné par erreur' })
      .where('id', '=', approved.awardId)
      .execute();
    expect(JSON.parse(await asked())).toMatchObject({ id, revoked: true, revocationReason: 'Décerné par erreur' });
  });
});

describe("an award's revision, which the kept assertion is checked against", () => {
  it('moves on when the award, its nomination, its workplace name or one of its images changes, and not for the rest of the workplace', async () => {
    const rouge = await t.ctx.db.selectFrom('workplaces').select(['id', 'name']).where('slug', '=', 'cafe-rouge').executeTakeFirstOrThrow();
    const manager = await t.signedIn('manager', 'lina@cafe-rouge.example', [rouge.id]);
    const approved = await approvedAward(t, manager);
    const award = () =>
      t.ctx.db.selectFrom('awards').select(['revision', 'nomination_id']).where('id', '=', approved.awardId).executeTakeFirstOrThrow();
    // The badge and the share card drawn after the approval move it too: counted from once they are stored.
    const images = async () =>
      (await t.ctx.db.selectFrom('badge_images').select('kind').where('award_id', '=', approved.awardId).execute()).length;
    await expect.poll(images, { timeout: 30_000 }).toBe(2);
    const start = await award();

    await t.ctx.db.updateTable('awards').set({ show_story: 0 }).where('id', '=', approved.awardId).execute();
    expect((await award()).revision).toBe(start.revision + 1);
    await t.ctx.db.updateTable('nominations').set({ moment_place: 'En terrasse' }).where('id', '=', start.nomination_id).execute();
    expect((await award()).revision).toBe(start.revision + 2);
    await t.ctx.db
      .updateTable('workplaces')
      .set({ name: `${rouge.name} bis` })
      .where('id', '=', rouge.id)
      .execute();
    expect((await award()).revision).toBe(start.revision + 3);
    await t.ctx.db.updateTable('workplaces').set({ city: 'Lyon' }).where('id', '=', rouge.id).execute();
    expect((await award()).revision).toBe(start.revision + 3);
    await t.ctx.db.updateTable('workplaces').set({ name: rouge.name }).where('id', '=', rouge.id).execute();
    expect((await award()).revision).toBe(start.revision + 4);

    const image = {
      award_id: approved.awardId,
      kind: 'badge',
      lang: 'de',
      template_version: 1,
      content_hash: 'x',
      png: Buffer.from([1]),
      created_at: clock.now().toISOString(),
    } as const;
    await t.ctx.db.insertInto('badge_images').values(image).execute();
    expect((await award()).revision).toBe(start.revision + 5);
    await t.ctx.db
      .updateTable('badge_images')
      .set({ content_hash: 'y' })
      .where('award_id', '=', approved.awardId)
      .where('lang', '=', 'de')
      .execute();
    expect((await award()).revision).toBe(start.revision + 6);
    await t.ctx.db.deleteFrom('badge_images').where('award_id', '=', approved.awardId).where('lang', '=', 'de').execute();
    expect((await award()).revision).toBe(start.revision + 7);
  });
});
