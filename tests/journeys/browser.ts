import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { newId } from '../../src/lib/ids.ts';
import { createServerDatabase, freePort, type RunningServer, type ServerDatabase, startServer } from '../helpers/server.ts';

/** Where Debian's chromium lives (CHROMIUM_PATH overrides it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Outside CI a missing chromium skips them with a message;
 * in CI (`CI=true`) it does not: the test runs and fails on the missing browser.
 */
export function browserAvailable(label: string): boolean {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') return true;
  console.log(`${label}: skipped, no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  return false;
}

/** Debian's chromium, headless, with nothing that reaches for the network on its own. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`chromium is needed for the browser journeys and is not at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

/**
 * Where the journeys write their screenshots: tests/.output/screenshots/ on every run, or the
 * committed docs/screenshots/ (which the README shows) when UPDATE_SCREENSHOTS=1.
 */
export const SCREENSHOTS = new URL(
  process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots/' : '../.output/screenshots/',
  import.meta.url,
);

/** A full-page screenshot, <name>.png in SCREENSHOTS. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/**
 * Runs axe-core on the page as it stands and fails on any serious or critical violation, naming
 * each rule and where it failed. The script goes in through the debugging protocol, which the
 * pages' Content-Security-Policy (scripts from 'self' only) leaves alone.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run({ resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  const grave = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  expect(grave, `accessibility of ${where} (${page.url()})`).toEqual([]);
}

export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 860 } };
export const PASSWORD = 'correct horse battery staple';

export type Stage = {
  server: RunningServer;
  database: ServerDatabase;
  /** A fresh browser profile: its own cookies, language and screen. */
  person: (locale: 'fr-CA' | 'en-CA', screen?: typeof PHONE | typeof DESKTOP) => Promise<Page>;
  /** An account that signs in with PASSWORD: a manager of cafe-rouge, or the issuer admin. */
  addAccount: (role: 'admin' | 'manager', email: string) => Promise<void>;
  close: () => Promise<void>;
};

/**
 * A real server on a database of its own (SQLite, or PostgreSQL with TEST_DATABASE_URL), with the
 * workplace cafe-rouge, and chromium to visit it; `env` adds to the server's configuration.
 */
export async function openStage(env: Record<string, string> = {}): Promise<Stage> {
  const database = await createServerDatabase();
  await database.addWorkplace('cafe-rouge');
  const port = await freePort();
  const server = await startServer(
    { DATABASE_URL: database.url, PUBLIC_URL: `http://127.0.0.1:${port}`, SECRET_KEY: 'journey-secret-key-0123456789abcdef', ...env },
    { port },
  );
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await server.kill();
    await database.remove();
    throw error;
  }
  const contexts: BrowserContext[] = [];
  const passwordHash = await hashPassword(PASSWORD);
  return {
    server,
    database,
    person: async (locale, screen = PHONE) => {
      const context = await browser.newContext({ ...screen, locale, acceptDownloads: true, baseURL: server.url });
      contexts.push(context);
      return context.newPage();
    },
    addAccount: (role, email) =>
      database.query(async (db) => {
        const at = new Date().toISOString();
        const id = newId();
        await db
          .insertInto('users')
          .values({ id, email, password_hash: passwordHash, role, lang: 'fr', created_at: at, updated_at: at })
          .execute();
        if (role === 'manager') {
          const workplace = await db.selectFrom('workplaces').select('id').where('slug', '=', 'cafe-rouge').executeTakeFirstOrThrow();
          await db.insertInto('workplace_managers').values({ workplace_id: workplace.id, user_id: id, created_at: at }).execute();
        }
      }),
    close: async () => {
      for (const context of contexts) await context.close();
      await browser.close();
      await server.kill();
      await database.remove();
    },
  };
}

/** What every page must be: accessible, and no wider than the screen (nothing to scroll sideways); kept as a screenshot. */
export async function checkPage(page: Page, shot: string): Promise<void> {
  await expectAccessible(page, shot);
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
  );
  expect(scrollWidth, `width of ${shot}`).toBeLessThanOrEqual(innerWidth);
  await snap(page, shot);
}

/** Opens a page, checks it answered with `status`, then checks it as checkPage does. */
export async function visit(page: Page, path: string, shot: string, status = 200): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  await checkPage(page, shot);
}

/** After a submit: the page it led to, checked as checkPage does. */
export async function landed(page: Page, shot: string): Promise<void> {
  await page.waitForLoadState('load');
  await checkPage(page, shot);
}
