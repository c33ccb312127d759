import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/app.tsx';
import { createSession } from '../../src/auth/auth-service.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import { loadConfig } from '../../src/config.ts';
import { type AppContext, type ContextOptions, createAppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import { serveApp } from '../../src/http/serve.ts';
import type { Clock } from '../../src/lib/clock.ts';
import { newId } from '../../src/lib/ids.ts';
import { insertWorkplace } from '../../src/workplaces/workplace-queries.ts';

/** Which database the suite runs on: PostgreSQL when TEST_DATABASE_URL is set, else SQLite in memory. */
export const TEST_DB: 'sqlite' | 'postgres' = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** A clock the test moves by hand. */
export function testClock(start = '2026-11-22T15:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set: (iso: string) => {
      now = new Date(iso).getTime();
    },
    advance: (ms: number) => {
      now += ms;
    },
  } satisfies Clock & Record<string, unknown>;
}

/** Drops a test's PostgreSQL schema over a connection of its own. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A fresh, migrated database and the app over it: SQLite in memory, or a schema of its own on
 * PostgreSQL, so test files run in parallel without seeing each other. `sqliteFile` puts it in that
 * SQLite file instead, on either run, for a test that reads the file's bytes.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; clock?: Clock; pool?: ContextOptions['pool']; sqliteFile?: string } = {},
) {
  const schema = TEST_DB === 'postgres' && !options.sqliteFile ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const config = loadConfig({
    PUBLIC_URL: 'http://localhost:3000',
    LOG_LEVEL: 'silent',
    SECRET_KEY: 'test-secret-key-0123456789abcdef',
    ...options.env,
    DATABASE_URL: options.sqliteFile ? `sqlite:${options.sqliteFile}` : (process.env.TEST_DATABASE_URL ?? 'sqlite::memory:'),
  });
  let ctx: AppContext;
  try {
    ctx = await createAppContext(config, {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.pool ? { pool: options.pool } : {}),
      database: schema ? { schema, poolSize: 4 } : {},
    });
  } catch (error) {
    // A half-migrated schema left behind would confuse later runs.
    if (schema) await dropSchema(process.env.TEST_DATABASE_URL!, schema);
    throw error;
  }
  const app = createApp(ctx);

  // The app stops first (its mailer, its work after responses), so the drop never races one of its
  // transactions for the schema's locks (PostgreSQL then aborts one of them as a deadlock).
  const close = async () => {
    await ctx.destroy();
    if (schema) await dropSchema(process.env.TEST_DATABASE_URL!, schema);
  };

  /** Sends JSON to the app. */
  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  /** Submits a form as a browser would. */
  const postForm = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: 'http://localhost:3000', ...headers },
      body: new URLSearchParams(fields).toString(),
    });

  /** Adds a workplace directly (the admin's screens come later in the story). */
  const addWorkplace = async (slug: string, name = 'Café Rouge', city = 'Montréal') => {
    const at = ctx.clock.now().toISOString();
    const id = newId();
    await insertWorkplace(ctx.db, { id, slug, name, city, public_wall: 0, lang: 'fr', created_at: at, updated_at: at });
    return { id, slug, name, city };
  };

  /** Creates a signed-in account directly and returns its session cookie. */
  const signedIn = async (role: 'admin' | 'manager', email: string, workplaceIds: string[] = []) => {
    const at = ctx.clock.now().toISOString();
    const id = newId();
    await ctx.db
      .insertInto('users')
      .values({ id, email, password_hash: await hashPassword('correct horse battery'), role, lang: 'fr', created_at: at, updated_at: at })
      .execute();
    for (const workplaceId of workplaceIds)
      await ctx.db.insertInto('workplace_managers').values({ workplace_id: workplaceId, user_id: id, created_at: at }).execute();
    const token = await createSession(ctx, id);
    return { id, email, cookie: `elan_session=${token}` };
  };

  /** How many rows a table holds: what a refused request must leave unchanged. */
  const countRows = async (table: keyof Database) => {
    const row = await ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  return { ctx, app, close, postJson, postForm, addWorkplace, signedIn, countRows };
}

/**
 * A test app served on a real socket as npm start serves it (serveApp: @hono/node-server, the same
 * timeouts, `requestTimeoutMs` shorter if given), with its port; `close` closes both.
 */
export async function createTestAppOnSocket(options: Parameters<typeof createTestApp>[0] & { requestTimeoutMs?: number } = {}) {
  const { requestTimeoutMs, ...appOptions } = options;
  const t = await createTestApp(appOptions);
  const server = serveApp({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1', ...(requestTimeoutMs ? { requestTimeoutMs } : {}) });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as import('node:net').AddressInfo;
  const close = async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    await t.close();
  };
  return { ...t, port, close };
}
