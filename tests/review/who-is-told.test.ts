import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { A_NOMINATION } from '../helpers/journey.ts';

let t: TestApp;
let rouge: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  rouge = await t.addWorkplace('cafe-rouge');
  await t.addWorkplace('cafe-vide', 'Café Vide', 'Laval');
  await t.signedIn('admin', 'trainer@example.org');
  await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
  // Invited but not yet signed up: no password, so nothing is sent to them yet.
  const at = new Date().toISOString();
  const invited = newId();
  await t.ctx.db
    .insertInto('users')
    .values({
      id: invited,
      email: 'paul@cafe-rouge.example',
      password_hash: null,
      role: 'manager',
      lang: 'en',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await t.ctx.db.insertInto('workplace_managers').values({ workplace_id: rouge.id, user_id: invited, created_at: at }).execute();
});
afterAll(() => t.close());

/** Nominates someone and returns who was written to about it, for review. */
async function toldOf(workplace: string | { name: string; city: string }, staffFirstName: string): Promise<string[]> {
  const res = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, workplace, staffFirstName });
  expect(res.status).toBe(201);
  const rows = await t.ctx.db.selectFrom('outbox').select(['to_address', 'subject']).where('template', '=', 'newNomination').execute();
  return rows.filter((row) => row.subject.includes(staffFirstName)).map((row) => row.to_address);
}

describe('who is told of a new nomination', () => {
  it('is the workplace’s managers who have signed up, not the admins', async () => {
    expect(await toldOf('cafe-rouge', 'Anaïs')).toEqual(['marie@cafe-rouge.example']);
  });

  it('is the admins when the workplace has no manager yet', async () => {
    expect(await toldOf('cafe-vide', 'Bérénice')).toEqual(['trainer@example.org']);
  });

  it('is the admins when the business is not on Élan', async () => {
    expect(await toldOf({ name: 'Boulangerie du Coin', city: 'Québec' }, 'Capucine')).toEqual(['trainer@example.org']);
  });
});
