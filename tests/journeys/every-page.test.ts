import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { A_NOMINATION } from '../helpers/journey.ts';
import { browserAvailable, checkPage, DESKTOP, openStage, PASSWORD, PHONE, type Stage, visit } from './browser.ts';

// The pages the badge's journey does not pass through, each opened in chromium and held to the same
// bar: no serious or critical axe-core violation, nothing wider than the screen.

const fr = translator('fr');
const ADMIN = 'admin@elan.example';
const run = browserAvailable('every page in a browser');
let stage: Stage;
let admin: Page;
const awardIds: string[] = [];

beforeAll(async () => {
  if (!run) return;
  stage = await openStage();
  await stage.addAccount('admin', ADMIN);
  await stage.database.query((db) => db.updateTable('workplaces').set({ public_wall: 1 }).where('slug', '=', 'cafe-rouge').execute());

  admin = await stage.person('fr-CA', DESKTOP);
  await admin.goto('/login');
  await admin.getByLabel(fr('auth.email')).fill(ADMIN);
  await admin.getByLabel(fr('auth.password')).fill(PASSWORD);
  await admin.getByRole('button', { name: fr('auth.login.submit') }).click();
  await admin.waitForURL(/\/manage/);

  // Three claimed badges, so the walls and insights have something to show (through the API, with the admin's session).
  const origin = { origin: stage.server.url };
  for (const [name, category] of [
    ['Zoë', 'presence'],
    ['Ngọc Anh', 'initiative'],
    ['محمد', 'relational'],
  ] as const) {
    const nominated = await admin.request.post('/api/v1/nominations', {
      headers: origin,
      data: { ...A_NOMINATION, momentDate: new Date().toISOString().slice(0, 10), staffFirstName: name, category },
    });
    expect(nominated.status()).toBe(201);
    const { id } = (await nominated.json()) as { id: string };
    const approved = await admin.request.post(`/api/v1/nominations/${id}/approve`, { headers: origin });
    expect(approved.status()).toBe(200);
    const { award } = (await approved.json()) as { award: { id: string; claimUrl: string } };
    const claimed = await admin.request.post(`/api/v1/claims/${award.claimUrl.split('/').pop()}`, {
      headers: origin,
      data: { email: 'someone@example.org', publicPage: name !== 'محمد', showStory: true, lang: 'fr' },
    });
    expect(claimed.status()).toBe(200);
    awardIds.push(award.id);
  }
}, 90_000);
afterAll(() => stage?.close());

describe.skipIf(!run)('every page, in a browser', { timeout: 60_000 }, () => {
  it('the public pages, on a phone, in French and English', async () => {
    const fr = await stage.person('fr-CA', PHONE);
    await visit(fr, '/', 'home-phone');
    await visit(fr, '/nominate', 'nominate-any-workplace-phone');
    await visit(fr, '/w/cafe-rouge/wall', 'public-wall-phone');
    await visit(fr, `/b/${awardIds[2]}`, 'private-badge-page-phone');
    await visit(fr, '/claim/not-a-real-token', 'claim-unknown-phone', 404);
    await visit(fr, '/nowhere', 'not-found-phone', 404);

    const en = await stage.person('en-CA', PHONE);
    await visit(en, '/?lang=en', 'home-en-phone');
    await visit(en, '/verify', 'verify-en-phone');
    await visit(en, '/login', 'sign-in-en-phone');
    await visit(en, '/password-reset', 'password-reset-en-phone');
    await visit(en, '/password-reset/not-a-real-token', 'password-reset-unknown-en-phone', 404);
  });

  it('a form sent back with errors names them beside each field', async () => {
    const page = await stage.person('en-CA', PHONE);
    await page.goto('/w/cafe-rouge/nominate?lang=en');
    // As a browser without form validation would send it: the server's own checks answer.
    await page.evaluate("document.querySelectorAll('form').forEach((f) => { f.noValidate = true; })");
    await page.getByRole('button', { name: translator('en')('nominate.submit') }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.error').count()).toBeGreaterThan(0);
    await checkPage(page, 'nominate-errors-phone');
  });

  it('the reviewers’ pages, on a desktop', async () => {
    await visit(admin, '/manage', 'manage-queue');
    await visit(admin, '/manage/workplaces', 'manage-workplaces');
    await visit(admin, '/manage/workplaces/cafe-rouge', 'manage-workplace');
    await visit(admin, '/manage/workplaces/cafe-rouge/print', 'manage-counter-card');
    await visit(admin, '/manage/categories', 'manage-categories');
    await visit(admin, '/manage/wall', 'manage-wall');
    await visit(admin, '/manage/wall/screen', 'manage-wall-screen');
    await visit(admin, '/manage/insights', 'manage-insights');
    await visit(admin, '/manage/people', 'manage-people');
    await visit(admin, '/manage/tokens', 'manage-tokens');
    await visit(admin, '/manage/account', 'manage-account');
  });
});
