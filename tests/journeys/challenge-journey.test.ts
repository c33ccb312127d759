import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { browserAvailable, DESKTOP, landed, openStage, PASSWORD, type Stage, visit } from './browser.ts';

// The operator has turned NOMINATION_CHALLENGE on. In chromium, against a real server: a customer's
// phone solves the proof of work the form asks for and the nomination is taken, under the pages'
// strict Content-Security-Policy; a bot driving a browser pays the same price for each of its spam
// nominations, and the manager declines them in one action.

const fr = translator('fr');
const en = translator('en');
const MANAGER = 'marie@cafe-rouge.example';
const STORY = 'Elle a vu que je cherchais mes mots et a pris tout son temps, avec un sourire, pour m’aider à choisir.';

const run = browserAvailable('the robot check in a browser');
let stage: Stage;

beforeAll(async () => {
  if (!run) return;
  stage = await openStage({ NOMINATION_CHALLENGE: 'on' });
  await stage.addAccount('manager', MANAGER);
}, 60_000);
afterAll(() => stage?.close());

/**
 * What the page refuses or breaks on, from its first script on: each violation of the Content-Security-Policy
 * (the event, and chromium's own console report of it) and each uncaught error.
 */
async function watchForRefusals(page: Page): Promise<string[]> {
  const refusals: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refusals.push(message.text());
  });
  page.on('pageerror', (error) => refusals.push(String(error)));
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('Refused to load (Content Security Policy): ' + e.violatedDirective + ' ' + e.blockedURI))",
  );
  return refusals;
}

/** The state the widget shows: unverified, verifying, verified, expired or error. */
const widgetState = (page: Page) => page.locator('altcha-widget [data-state]').first().getAttribute('data-state');

describe.skipIf(!run)('the robot check, in a browser', { timeout: 90_000 }, () => {
  it('a customer ticks “I’m not a robot” on a phone, the browser solves it, and the nomination is taken', async () => {
    const customer = await stage.person('fr-CA');
    const refusals = await watchForRefusals(customer);
    const fetched: URL[] = [];
    customer.on('request', (request) => fetched.push(new URL(request.url())));
    await visit(customer, '/w/cafe-rouge/nominate', '20-nominate-challenge-phone');
    expect(await widgetState(customer)).toBe('unverified');

    await customer.getByLabel(fr('nominate.staffFirstName')).fill('Zoë');
    await customer.locator('input[name=category][value=presence]').check();
    await customer.getByLabel(fr('nominate.story')).fill(STORY);
    // The widget keeps the box unticked while the browser works, then ticks it and says so.
    await customer.getByLabel(fr('challenge.widget.label')).click();
    await expect.poll(() => widgetState(customer)).toBe('verified');
    expect(await customer.getByLabel(fr('challenge.widget.verified')).isChecked()).toBe(true);
    // The widget put its proof in the form, for the server to check.
    expect(await customer.locator('input[name=altcha]').inputValue()).toMatch(/^[A-Za-z0-9+/]+=*$/);
    await landed(customer, '21-nominate-challenge-verified');
    expect(refusals).toEqual([]);
    // All from Élan: the widget, its stylesheet, the challenge, and the worker that solved it.
    expect(fetched.map((url) => url.pathname)).toEqual(
      expect.arrayContaining(['/assets/altcha.js', '/assets/altcha.css', '/api/v1/challenge', '/assets/altcha-worker.js']),
    );
    expect(fetched.filter((url) => url.origin !== stage.server.url).map(String)).toEqual([]);

    await customer.getByRole('button', { name: fr('nominate.submit') }).click();
    await customer.waitForURL(/\/n\/[^/]+$/);
    await expect.poll(() => customer.getByRole('heading', { name: fr('thanks.title') }).count()).toBe(1);
    expect(refusals).toEqual([]);
  });

  it('a bot driving a browser sends spam: the widget solves the check when the form is sent, each time', async () => {
    const bot = await stage.person('en-CA', DESKTOP);
    const refusals = await watchForRefusals(bot);
    for (const name of ['Bot', 'Robot']) {
      await bot.goto('/w/cafe-rouge/nominate?lang=en');
      await bot.getByLabel(en('nominate.staffFirstName')).fill(name);
      await bot.locator('input[name=category][value=presence]').check();
      await bot.getByLabel(en('nominate.story')).fill('Cheap watches at https://spam.example, today only, do not miss it!');
      // Sent without ticking: the widget holds the submission, solves, then sends it.
      await bot.getByRole('button', { name: en('nominate.submit') }).click();
      await bot.waitForURL(/\/n\/[^/]+$/);
    }
    expect(refusals).toEqual([]);
  });

  it('the manager ticks the two spam nominations and declines them as spam in one action', async () => {
    const manager = await stage.person('fr-CA', DESKTOP);
    await manager.goto('/login');
    await manager.getByLabel(fr('auth.email')).fill(MANAGER);
    await manager.getByLabel(fr('auth.password')).fill(PASSWORD);
    await manager.getByRole('button', { name: fr('auth.login.submit') }).click();
    await manager.waitForURL(/\/manage/);
    await landed(manager, '22-queue-with-spam');

    await manager.getByLabel(fr('spam.pick', { name: 'Bot' }), { exact: true }).check();
    await manager.getByLabel(fr('spam.pick', { name: 'Robot' }), { exact: true }).check();
    await manager.getByRole('button', { name: fr('spam.submit') }).click();
    await manager.waitForURL(/\/manage\?declined=2$/);
    await expect.poll(() => manager.getByText(fr('spam.done', { count: 2 })).count()).toBe(1);
    await landed(manager, '23-spam-declined');
    // Zoë's stays in the queue; the spam has left it.
    expect(await manager.getByRole('link', { name: 'Zoë' }).count()).toBe(1);
    expect(await manager.getByRole('link', { name: 'Robot' }).count()).toBe(0);
  });
});
