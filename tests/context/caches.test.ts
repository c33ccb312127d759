import { afterAll, describe, expect, it } from 'vitest';
import type { AppCaches } from '../../src/caches.ts';
import { createTestApp, TEST_DB, type TestApp } from '../helpers/app.ts';
import { approvedAward, claim } from '../helpers/journey.ts';

// Every cache a process keeps belongs to a context: two contexts in one process (two instances, or
// two test files) never answer from each other's, and destroy() leaves nothing behind.

const opened: TestApp[] = [];
afterAll(async () => {
  for (const t of opened.splice(0)) await t.close();
});

/** A workplace with a manager and a claimed award, in an app of its own. */
async function instanceWithAward() {
  const t = await createTestApp();
  opened.push(t);
  const workplace = await t.addWorkplace('cafe-rouge');
  const manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [workplace.id]);
  const { awardId, token } = await approvedAward(t, manager);
  expect((await claim(t, token)).status).toBe(200);
  return { t, awardId };
}

/** A verifier, a browser and a printer ask for what the caches serve. */
async function serveEverything(t: TestApp, awardId: string) {
  expect((await t.app.request(`/ob2/assertions/${awardId}`)).status).toBe(200);
  // The first request draws and stores the image; the second is the one served from what is kept.
  expect((await t.app.request(`/b/${awardId}/image.png`)).status).toBe(200);
  expect((await t.app.request(`/b/${awardId}/image.png`)).status).toBe(200);
  expect((await t.app.request('/w/cafe-rouge/counter-card.png')).status).toBe(200);
}

const sizes = (caches: AppCaches) => ({
  compiledQueries: caches.queries.compiled.size,
  sqliteStatements: caches.queries.direct?.statements.size ?? 0,
  servableImages: caches.servableImages.size,
  badgePngs: caches.badgePngs.size,
  assertionTexts: caches.assertionTexts.size,
  counterCards: caches.counterCards.size,
});

describe('the caches of a context', () => {
  it('are its own: what one instance serves is not kept in the other’s, and destroy() empties them', async () => {
    const one = await instanceWithAward();
    const other = await instanceWithAward();

    await serveEverything(one.t, one.awardId);
    const oneServed = sizes(one.t.ctx.caches);
    expect(oneServed).toMatchObject({ servableImages: 1, badgePngs: 1, assertionTexts: 1, counterCards: 1 });
    expect(oneServed.compiledQueries).toBeGreaterThan(0);
    if (TEST_DB === 'postgres') expect(one.t.ctx.caches.queries.preparedNames.size).toBeGreaterThan(0);
    // Nothing the first served reached the second (whose own mailer may meanwhile prepare statements of its own).
    expect(sizes(other.t.ctx.caches)).toMatchObject({ servableImages: 0, badgePngs: 0, assertionTexts: 0, counterCards: 0 });

    // The second serves its own award from its own caches, its answers its own.
    await serveEverything(other.t, other.awardId);
    expect(sizes(other.t.ctx.caches)).toMatchObject({ servableImages: 1, badgePngs: 1, assertionTexts: 1, counterCards: 1 });
    const assertion = await other.t.app.request(`/ob2/assertions/${other.awardId}`);
    expect(await assertion.text()).toContain(other.awardId);
    expect((await other.t.app.request(`/ob2/assertions/${one.awardId}`)).status).toBe(404);

    await one.t.ctx.destroy();
    opened.splice(opened.indexOf(one.t), 1);
    expect(sizes(one.t.ctx.caches)).toEqual({
      compiledQueries: 0,
      sqliteStatements: 0,
      servableImages: 0,
      badgePngs: 0,
      assertionTexts: 0,
      counterCards: 0,
    });
    expect(one.t.ctx.caches.queries.preparedNames.size).toBe(0);
    // The other instance still keeps, and serves, what it had.
    expect(sizes(other.t.ctx.caches)).toMatchObject({ servableImages: 1, badgePngs: 1, assertionTexts: 1 });
    expect((await other.t.app.request(`/b/${other.awardId}/image.png`)).status).toBe(200);
  });
});
