import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { A_NOMINATION, ORIGIN } from '../helpers/journey.ts';

let t: TestApp;
let admin: { cookie: string };

beforeAll(async () => {
  t = await createTestApp({ env: { NOMINATION_RATE_LIMIT: '1000/hour' } });
  await t.addWorkplace('cafe-rouge');
  admin = await t.signedIn('admin', 'trainer@example.org');
  // Nothing is delivered, so the outbox keeps every address (a claim link's is forgotten once sent).
  await t.ctx.mailer.stop();
});
afterAll(() => t.close());

// Addresses a person may type, and the ones the old /manage regex and the API disagreed on ("a@b.c").
const ACCEPTED = ['gino@pizzeria.example', '  Gino.Rossi+badge@Pizzeria.Example  ', "o'brien@mail.example.org"];
const REFUSED = [
  'gino',
  'gino@',
  '@pizzeria.example',
  'gino@pizzeria',
  'a@b.c',
  'gino rossi@pizzeria.example',
  'gino@@pizzeria.example',
  '.gino@pizzeria.example',
  `${'g'.repeat(250)}@pizzeria.example`,
];
const normalised = (address: string) => address.trim().toLowerCase();

const postApi = (path: string, body: unknown) =>
  t.app.request(path, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'content-type': 'application/json', 'accept-language': 'en', ...ORIGIN },
    body: JSON.stringify(body),
  });

const nominate = async () => {
  const res = await t.postJson('/api/v1/nominations', A_NOMINATION);
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
};

const mailedTo = async (address: string) =>
  (await t.ctx.db.selectFrom('outbox').select('to_address').where('to_address', '=', address).execute()).length;

describe('the /manage forms and the API accept and refuse the same email addresses', () => {
  it('inviting a manager: the form and the API agree on every address, and store it the same way', async () => {
    for (const address of [...ACCEPTED, ...REFUSED]) {
      const api = await postApi('/api/v1/workplaces/cafe-rouge/managers', { email: address });
      const form = await t.postForm('/manage/workplaces/cafe-rouge/managers', { email: address }, { cookie: admin.cookie });
      if (ACCEPTED.includes(address)) {
        expect(api.status, address).toBe(201);
        expect(form.status, address).toBe(200);
        expect(await mailedTo(normalised(address)), address).toBe(2);
      } else {
        expect(api.status, address).toBe(400);
        expect(((await api.json()) as any).error.fields, address).toEqual({ email: 'Enter a valid email, or leave the field empty.' });
        expect(form.status, address).toBe(400);
        expect(await form.text(), address).toContain('<p class="error" id="f-email-error">Entrez un courriel valide');
      }
    }
  });

  it('approving with the employee’s address: the form and the API agree on every address, and mail the same one', async () => {
    for (const address of [...ACCEPTED, ...REFUSED]) {
      const [viaApi, viaForm] = [await nominate(), await nominate()];
      const before = await mailedTo(normalised(address));
      const api = await postApi(`/api/v1/nominations/${viaApi}/approve`, { employeeEmail: address });
      const form = await t.postForm(`/manage/nominations/${viaForm}/approve`, { employeeEmail: address }, { cookie: admin.cookie });
      const statuses = await t.ctx.db.selectFrom('nominations').select(['id', 'status']).where('id', 'in', [viaApi, viaForm]).execute();
      if (ACCEPTED.includes(address)) {
        expect(api.status, address).toBe(200);
        expect(form.status, address).toBe(200);
        expect(
          statuses.map((n) => n.status),
          address,
        ).toEqual(['approved', 'approved']);
        expect((await mailedTo(normalised(address))) - before, address).toBe(2);
      } else {
        expect(api.status, address).toBe(400);
        expect(((await api.json()) as any).error.fields, address).toEqual({
          employeeEmail: 'Enter a valid email, or leave the field empty.',
        });
        expect(form.status, address).toBe(400);
        expect(await form.text(), address).toContain('<p class="error" id="f-employeeEmail-error">Entrez un courriel valide');
        expect(
          statuses.map((n) => n.status),
          address,
        ).toEqual(['submitted', 'submitted']);
      }
    }
  });

  it('approving with the address left blank approves without a mail, on the form and over the API alike', async () => {
    const [viaApi, viaForm, withNone] = [await nominate(), await nominate(), await nominate()];
    const mails = async () => t.ctx.db.selectFrom('outbox').select('template').execute();
    const before = await mails();
    expect((await postApi(`/api/v1/nominations/${viaApi}/approve`, { employeeEmail: '  ' })).status).toBe(200);
    const form = await t.postForm(`/manage/nominations/${viaForm}/approve`, { employeeEmail: '  ' }, { cookie: admin.cookie });
    expect(form.status).toBe(200);
    expect((await postApi(`/api/v1/nominations/${withNone}/approve`, {})).status).toBe(200);
    // Only the nominator hears of the three approvals: no claim link is mailed.
    const added = (await mails()).length - before.length;
    const claimLinks = (list: { template: string }[]) => list.filter((m) => m.template === 'claimLink').length;
    expect(added).toBe(3);
    expect(claimLinks(await mails())).toBe(claimLinks(before));
  });
  it('sending a new claim link: the form and the API agree on every address, and mail the same one', async () => {
    for (const address of [...ACCEPTED, ...REFUSED]) {
      const approved = await postApi(`/api/v1/nominations/${await nominate()}/approve`, {});
      const awardId = ((await approved.json()) as { award: { id: string } }).award.id;
      const before = await mailedTo(normalised(address));
      const api = await postApi(`/api/v1/awards/${awardId}/claim-link`, { employeeEmail: address });
      const form = await t.postForm(`/manage/awards/${awardId}/claim-link`, { employeeEmail: address }, { cookie: admin.cookie });
      if (ACCEPTED.includes(address)) {
        expect(api.status, address).toBe(200);
        expect(form.status, address).toBe(200);
        expect((await mailedTo(normalised(address))) - before, address).toBe(2);
      } else {
        expect(api.status, address).toBe(400);
        expect(form.status, address).toBe(400);
        expect(await form.text(), address).toContain('<p class="error" id="f-employeeEmail-error">Entrez un courriel valide');
        expect((await mailedTo(normalised(address))) - before, address).toBe(0);
      }
    }
  });
});
