import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChunks } from '../../src/credentials/png-chunks.ts';
import { translator } from '../../src/i18n/index.ts';
import { browserAvailable, DESKTOP, landed, openStage, PASSWORD, type Stage, visit } from './browser.ts';

// The life of a badge as people meet it, in a real browser against a real server: a customer
// nominates on a phone in French, the manager approves, the employee claims in English and
// downloads the badge, a visitor verifies it, the manager revokes it, and the visitor sees that.
// Every page is checked with axe-core and for sideways scrolling; each step leaves a screenshot
// (see SCREENSHOTS in browser.ts).

const fr = translator('fr');
const en = translator('en');
const MANAGER = 'marie@cafe-rouge.example';
const STORY = 'Elle a remarqué que ma mère cherchait ses mots et a pris tout son temps, avec un sourire, pour l’aider à choisir.';

const run = browserAvailable('browser journeys');
let stage: Stage;

beforeAll(async () => {
  if (!run) return;
  stage = await openStage();
  await stage.addAccount('manager', MANAGER);
}, 60_000);
afterAll(() => stage?.close());

describe.skipIf(!run)('the life of a badge, in a browser', { timeout: 60_000 }, () => {
  let claimUrl = '';
  let awardPage = '';
  let pngPath = '';
  let nominationPath = '';
  let manager: Page;
  let visitor: Page;

  it('a customer scans the counter card and nominates in French on a phone', async () => {
    const customer = await stage.person('fr-CA');
    await visit(customer, '/w/cafe-rouge/nominate', '01-nominate-phone');

    await customer.getByLabel(fr('nominate.staffFirstName')).fill('Zoë');
    await customer.getByLabel(fr('nominate.staffRole')).fill('caissière');
    await customer.getByLabel(fr('nominate.momentPlace')).fill('à la caisse 3');
    await customer.locator('input[name=category][value=presence]').check();
    await customer.getByLabel(fr('nominate.story')).fill(STORY);
    await customer.locator('input[name=publicStoryConsent]').check();
    await customer.getByLabel(fr('nominate.nominatorName')).fill('Luc');
    await customer.getByRole('button', { name: fr('nominate.submit') }).click();

    await expect.poll(() => customer.getByRole('heading', { name: fr('thanks.title') }).count()).toBe(1);
    await landed(customer, '02-thanks-phone');
  });

  it('the manager signs in, approves, and copies the claim link', async () => {
    manager = await stage.person('fr-CA', DESKTOP);
    await visit(manager, '/login', '03-sign-in');
    await manager.getByLabel(fr('auth.email')).fill(MANAGER);
    await manager.getByLabel(fr('auth.password')).fill(PASSWORD);
    await manager.getByRole('button', { name: fr('auth.login.submit') }).click();
    await manager.waitForURL(/\/manage/);
    await landed(manager, '04-review-queue');

    await manager.getByRole('link', { name: 'Zoë' }).click();
    await landed(manager, '05-nomination');
    nominationPath = new URL(manager.url()).pathname;
    await expect.poll(() => manager.getByText(STORY).count()).toBeGreaterThan(0);
    await manager.getByRole('button', { name: fr('manage.approve.submit') }).click();
    await landed(manager, '06-claim-link');
    claimUrl = (await manager.locator('.claim-link a').getAttribute('href')) ?? '';
    expect(claimUrl).toMatch(/\/claim\/[A-Za-z0-9_-]{20,}$/);
  });

  it('the employee claims in English, downloads the PNG and opens the public page', async () => {
    const employee = await stage.person('en-CA');
    await visit(employee, `${new URL(claimUrl).pathname}?lang=en`, '07-claim-phone');
    await employee.getByLabel(en('claim.email')).fill('zoe.martin@example.org');
    await employee.getByLabel(en('claim.lang')).selectOption('en');
    await employee.locator('input[name=showStory]').check();
    await employee.getByRole('button', { name: en('claim.submit') }).click();
    await expect.poll(() => employee.getByRole('heading', { name: en('claim.done.title', { name: 'Zoë' }) }).count()).toBe(1);
    await landed(employee, '08-claimed-phone');

    const [download] = await Promise.all([
      employee.waitForEvent('download'),
      employee.getByRole('link', { name: en('share.download') }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('elan-presence-zoe.png');
    pngPath = (await download.path())!;
    const chunks = readChunks(readFileSync(pngPath)).map((c) => c.type);
    expect(chunks[0]).toBe('IHDR');
    expect(chunks).toContain('iTXt');

    awardPage = (await employee.locator('a[href*="/b/"]').filter({ hasText: '/b/' }).first().getAttribute('href')) ?? '';
    expect(awardPage).toMatch(/\/b\/[0-9a-z]{26}$/);
    await visit(employee, new URL(awardPage).pathname, '09-public-badge-page');
    await expect.poll(() => employee.getByRole('heading', { name: 'Zoë' }).count()).toBe(1);
    await expect.poll(() => employee.getByText(STORY).count()).toBe(1);
  });

  it('a visitor uploads the PNG to /verify and reads that it is valid', async () => {
    visitor = await stage.person('en-CA', DESKTOP);
    await visit(visitor, '/verify', '10-verify');
    await visitor.getByLabel(en('verify.file')).setInputFiles(pngPath);
    await visitor.getByRole('button', { name: en('verify.submit') }).click();
    await expect.poll(() => visitor.getByText(en('verify.result.valid')).count()).toBe(1);
    await landed(visitor, '11-verify-valid');
  });

  it('the manager revokes the badge, and /verify then says it was revoked', async () => {
    await manager.goto(nominationPath);
    await manager.getByLabel(fr('manage.revoke.reason')).fill('Badge remis par erreur à la mauvaise personne.');
    await manager.getByRole('button', { name: fr('manage.revoke.submit') }).click();
    await landed(manager, '12-revoked-manager');

    await visitor.goto('/verify');
    await visitor.getByLabel(en('verify.file')).setInputFiles(pngPath);
    await visitor.getByRole('button', { name: en('verify.submit') }).click();
    await expect.poll(() => visitor.getByText(en('verify.result.revoked')).count()).toBe(1);
    await landed(visitor, '13-verify-revoked');

    // The public page says the badge was withdrawn, and nothing of the person.
    const response = await visitor.goto(new URL(awardPage).pathname);
    expect(response?.status()).toBe(410);
    expect(await visitor.content()).not.toContain('Zoë');
  });
});
