import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processArgs, START_FLAGS, startServer } from '../helpers/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'elan-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each test starts a server through tsx, which on a busy two-core machine can take most of the default 20 s that
// startServer also waits: the test's own limit is longer, so a slow start still gets startServer's message.
describe('a newcomer runs npm start', { timeout: 60_000 }, () => {
  it('gets a server on SQLite that prints a one-time setup link, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const server = await startServer({ DATABASE_URL: `sqlite:${join(dir, 'elan.db')}` });
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true, db: 'sqlite' });
    // With npm start's Node flags (package.json), V8's memory reducer among them.
    expect(START_FLAGS).toContain('--no-memory-reducer');
    expect(processArgs(server.pid)).toEqual(expect.arrayContaining([...START_FLAGS]));
    expect(server.output()).toMatch(/\/setup\/[\w-]{40,}/);
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('creates the admin from ELAN_ADMIN_EMAIL and ELAN_ADMIN_PASSWORD instead of printing a link', async () => {
    const server = await startServer({
      DATABASE_URL: `sqlite:${join(dir, 'second.db')}`,
      ELAN_ADMIN_EMAIL: 'trainer@example.org',
      ELAN_ADMIN_PASSWORD: 'a long enough secret',
    });
    expect(server.output()).not.toContain('/setup/');
    // A browser on the default PUBLIC_URL (http://localhost:$PORT) names that origin, whatever address it reached.
    const login = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://localhost:${server.port}` },
      body: 'email=trainer%40example.org&password=a+long+enough+secret',
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    expect(await server.stop()).toBe(0);
  });

  it('refuses to start with a bad variable, naming it', async () => {
    await expect(startServer({ NOMINATION_RATE_LIMIT: 'plenty', DATABASE_URL: `sqlite:${join(dir, 'third.db')}` })).rejects.toThrow(
      /NOMINATION_RATE_LIMIT/,
    );
  });
});
