import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';

const clock = testClock('2026-11-22T15:00:00.000Z');
let t: TestApp;
let rouge: { id: string };
let bleu: { id: string };
let manager: { cookie: string };
let other: { cookie: string };
let admin: { cookie: string };
const ORIGIN = { origin: 'http://localhost:3000' };

beforeAll(async () => {
  t = await createTestApp({ clock });
  rouge = await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
  bleu = await t.addWorkplace('cafe-bleu', 'Café Bleu', 'Québec');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
  other = await t.signedIn('manager', 'paul@cafe-bleu.example', [bleu.id]);
  admin = await t.signedIn('admin', 'trainer@example.org');
});
afterAll(() => t.close());

async function nominate(workplace: string | { name: string; city: string }, extra: Record<string, unknown> = {}) {
  const res = await t.postJson('/api/v1/nominations', {
    workplace,
    staffFirstName: 'Zoë',
    momentDate: '2026-11-20',
    category: 'presence',
    story: 'She listened to my whole story before suggesting anything at all.',
    publicStoryConsent: true,
    nominatorEmail: 'luc@example.org',
    lang: 'fr',
    ...extra,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const api = (path: string, who: { cookie: string }, init: RequestInit = {}) =>
  t.app.request(path, { ...init, headers: { cookie: who.cookie, 'content-type': 'application/json', ...ORIGIN, ...(init.headers ?? {}) } });

describe('a workplace manager reviews', () => {
  it('sees the nominations of their own workplace only, newest first', async () => {
    const mine = await nominate('cafe-rouge');
    const theirs = await nominate('cafe-bleu');
    const res = await api('/api/v1/nominations?status=submitted', manager);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      items: { id: string; workplace: string; staffFirstName: string; story: string; createdAt: string }[];
      next: string | null;
    };
    const ids = body.items.map((i) => i.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(theirs);
    expect(body.items[0]).toMatchObject({ workplace: 'cafe-rouge', staffFirstName: 'Zoë' });
    expect((await api('/api/v1/nominations?workplace=cafe-bleu', manager)).status).toBe(403);
  });

  it('approves: the award exists with a private claim link; approving again is a conflict', async () => {
    const id = await nominate('cafe-rouge');
    const res = await api(`/api/v1/nominations/${id}/approve`, manager, { method: 'POST' });
    expect(res.status).toBe(200);
    const { award } = (await res.json()) as { award: { id: string; claimUrl: string } };
    expect(award.claimUrl).toMatch(/^http:\/\/localhost:3000\/claim\/[\w-]{40,}$/);
    const stored = await t.ctx.db.selectFrom('awards').selectAll().where('id', '=', award.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('approved');
    expect(stored.claim_token_hash).not.toBe(award.claimUrl.split('/').pop());
    expect(stored.claim_expires_at).toBe('2027-02-20T15:00:00.000Z');
    const again = await api(`/api/v1/nominations/${id}/approve`, manager, { method: 'POST' });
    expect(again.status).toBe(409);
    const decline = await api(`/api/v1/nominations/${id}/decline`, manager, {
      method: 'POST',
      body: JSON.stringify({ reason: 'Changed my mind' }),
    });
    expect(decline.status).toBe(409);
    const history = (await (await api(`/api/v1/nominations/${id}`, manager)).json()) as {
      events: { type: string; actor: string }[];
      status: string;
    };
    expect(history.status).toBe('approved');
    expect(history.events.map((e) => e.type)).toEqual(['submitted', 'approved']);
  });

  it('declines with a reason kept for the record; a declined nomination cannot be approved', async () => {
    const id = await nominate('cafe-rouge');
    const res = await api(`/api/v1/nominations/${id}/decline`, manager, {
      method: 'POST',
      body: JSON.stringify({ reason: 'Not one of our staff' }),
    });
    expect(res.status).toBe(200);
    const events = await t.ctx.db.selectFrom('nomination_events').selectAll().where('nomination_id', '=', id).orderBy('id').execute();
    expect(events.at(-1)).toMatchObject({ type: 'declined', reason: 'Not one of our staff' });
    expect((await api(`/api/v1/nominations/${id}/approve`, manager, { method: 'POST' })).status).toBe(409);
    const empty = await api(`/api/v1/nominations/${await nominate('cafe-rouge')}/decline`, manager, {
      method: 'POST',
      body: JSON.stringify({ reason: ' ' }),
    });
    expect(empty.status).toBe(400);
  });

  it('cannot see or act on another workplace’s nomination', async () => {
    const id = await nominate('cafe-bleu');
    expect((await api(`/api/v1/nominations/${id}`, manager)).status).toBe(403);
    expect((await api(`/api/v1/nominations/${id}/approve`, manager, { method: 'POST' })).status).toBe(403);
    expect((await api(`/api/v1/nominations/${id}/approve`, other, { method: 'POST' })).status).toBe(200);
  });

  it('re-issues a claim link: the old one stops working, the new one is fresh', async () => {
    const id = await nominate('cafe-rouge');
    const { award } = (await (await api(`/api/v1/nominations/${id}/approve`, manager, { method: 'POST' })).json()) as {
      award: { id: string; claimUrl: string };
    };
    const before = await t.ctx.db.selectFrom('awards').select('claim_token_hash').where('id', '=', award.id).executeTakeFirstOrThrow();
    const res = await api(`/api/v1/awards/${award.id}/claim-link`, manager, { method: 'POST' });
    expect(res.status).toBe(200);
    const fresh = (await res.json()) as { award: { claimUrl: string } };
    expect(fresh.award.claimUrl).not.toBe(award.claimUrl);
    const after = await t.ctx.db.selectFrom('awards').select('claim_token_hash').where('id', '=', award.id).executeTakeFirstOrThrow();
    expect(after.claim_token_hash).not.toBe(before.claim_token_hash);
    expect((await api(`/api/v1/awards/${award.id}/claim-link`, other, { method: 'POST' })).status).toBe(403);
  });
});

describe('the issuer admin', () => {
  it('sees nominations for businesses not on Élan, attaches one once the workplace exists, and its manager then sees it', async () => {
    const id = await nominate({ name: 'Café Bleu', city: 'Québec' });
    const list = (await (await api('/api/v1/nominations?status=submitted', admin)).json()) as {
      items: { id: string; workplace: unknown }[];
    };
    expect(list.items.find((i) => i.id === id)?.workplace).toEqual({ name: 'Café Bleu', city: 'Québec' });
    expect((await api(`/api/v1/nominations/${id}`, other)).status).toBe(403);
    expect((await api(`/api/v1/nominations/${id}/approve`, admin, { method: 'POST' })).status).toBe(409);
    const attach = await api(`/api/v1/nominations/${id}/attach`, admin, {
      method: 'POST',
      body: JSON.stringify({ workplace: 'cafe-bleu' }),
    });
    expect(attach.status).toBe(200);
    expect((await api(`/api/v1/nominations/${id}`, other)).status).toBe(200);
    expect(
      (await api(`/api/v1/nominations/${id}/attach`, admin, { method: 'POST', body: JSON.stringify({ workplace: 'cafe-rouge' }) })).status,
    ).toBe(409);
  });

  it('sees on /manage what has waited past the review window', async () => {
    clock.set('2026-11-01T10:00:00.000Z');
    const old = await nominate('cafe-bleu', { momentDate: '2026-10-30', staffFirstName: 'Ancien' });
    clock.set('2026-11-22T15:00:00.000Z');
    const page = await (await t.app.request('/manage', { headers: { cookie: admin.cookie } })).text();
    const overdueSection = page.split('En attente depuis plus de 14 jours')[1] ?? '';
    expect(overdueSection).toContain(`/manage/nominations/${old}`);
  });
});

describe('the nominator changes their mind', () => {
  it('withdraws through their private link while the nomination waits, and no longer after', async () => {
    const res = await t.postForm('/w/cafe-rouge/nominate', {
      staffFirstName: 'Karim',
      momentDate: '2026-11-21',
      category: 'initiative',
      story: 'He brought a chair for my mother without us asking for anything.',
    });
    const link = res.headers.get('location')!;
    const page = await (await t.app.request(link)).text();
    expect(page).toContain(`action="${link}/withdraw"`);
    const withdrawn = await t.postForm(`${link}/withdraw`, {});
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.text()).toContain('Votre reconnaissance a été retirée.');
    const row = await t.ctx.db
      .selectFrom('nominations')
      .select(['id', 'status'])
      .where('staff_first_name', '=', 'Karim')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('withdrawn');
    expect((await api(`/api/v1/nominations/${row.id}/approve`, manager, { method: 'POST' })).status).toBe(409);
    const again = await t.postForm(`${link}/withdraw`, {});
    expect(await again.text()).toContain('ne peut plus être retirée');
  });

  it('opens only with their own link: altered, made up or joined to another nomination, a link is a 404 and withdraws nothing', async () => {
    const form = (staffFirstName: string) =>
      t.postForm('/w/cafe-rouge/nominate', {
        staffFirstName,
        momentDate: '2026-11-21',
        category: 'presence',
        story: 'She found the size I needed in the back room.',
      });
    const link = (await form('Inès')).headers.get('location')!;
    const otherId = await nominate('cafe-rouge', { staffFirstName: 'Noé' });
    const [id, secret] = link.slice('/n/'.length).split('.') as [string, string];
    // The link names its nomination, so it is found without reading any other.
    const mine = await t.ctx.db.selectFrom('nominations').select('id').where('staff_first_name', '=', 'Inès').executeTakeFirstOrThrow();
    expect(id).toBe(mine.id);
    expect((await t.app.request(link)).status).toBe(200);

    const altered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of [
      `${id}.${altered}`,
      `${otherId}.${secret}`,
      `${id}.`,
      `.${secret}`,
      id,
      secret,
      `${id}.${secret}.${secret}`,
      'x'.repeat(600),
    ]) {
      const page = await t.app.request(`/n/${wrong}`, { headers: { accept: 'text/html' } });
      expect(page.status, wrong).toBe(404);
      expect(await page.text()).toContain('Cette page n’existe pas ou n’existe plus.');
      expect((await t.postForm(`/n/${wrong}/withdraw`, {})).status, wrong).toBe(404);
    }
    const statuses = await t.ctx.db.selectFrom('nominations').select('status').where('id', 'in', [id, otherId]).execute();
    expect(statuses.map((row) => row.status)).toEqual(['submitted', 'submitted']);
  });
});
