import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { createServerDatabase, type RunningServer, type ServerDatabase, startServer } from '../helpers/server.ts';
import { nominationBody, nominationBurst } from './burst.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

// The machine's PostgreSQL is shared with other test files, so it cannot be restarted here. A proxy
// stands between the app and it instead: cutting the proxy drops every connection and refuses new
// ones, which is what the app sees of a database restart.

const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl) {
  // The suite runs twice in CI; this file is for the PostgreSQL run.
  console.log('postgres-outage: skipped on SQLite (set TEST_DATABASE_URL to run it)');
}

let database: ServerDatabase | undefined;
let proxy: TcpProxy | undefined;
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.kill()));
  await proxy?.close();
});
afterAll(() => database?.remove());

const unavailable = translator('fr')('error.unavailable');

async function nominate(url: string, n: number): Promise<Response> {
  return fetch(`${url}/api/v1/nominations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(nominationBody('cafe-rouge', n)),
  });
}

describe.skipIf(!postgresUrl)('PostgreSQL restarts while Élan takes nominations', () => {
  it('answers 503 with a message while the database is away, succeeds once it is back, and never crashes', async () => {
    database = await createServerDatabase();
    await database.addWorkplace('cafe-rouge');
    const direct = new URL(database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);

    const server = await startServer({
      DATABASE_URL: viaProxy.toString(),
      NOMINATION_RATE_LIMIT: '1000000/hour',
      SECRET_KEY: 'outage-test-secret-0123456789',
    });
    servers.push(server);

    // The database goes away in the middle of a burst, with connections checked out mid-transaction.
    let down = false;
    const burst = nominationBurst(server.url, 'cafe-rouge', {
      lanes: 6,
      until: () => down,
      onAccepted: (accepted) => {
        if (accepted.length === 60 && !down) {
          down = true;
          void proxy!.cut();
        }
      },
    });
    const during = await burst;
    expect(during.accepted.length).toBeGreaterThanOrEqual(60);
    expect(during.cut + during.refused).toBe(0);
    // A request caught by the cut is told to come back later, never given a 500.
    expect(Object.keys(during.others).filter((status) => status !== '503')).toEqual([]);

    const refused = await nominate(server.url, 1_000);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toEqual({ error: { code: 'unavailable', message: unavailable } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);

    await proxy.restore();
    for (let n = 1_001; n <= 1_005; n++) {
      const res = await nominate(server.url, n);
      expect(res.status, await res.clone().text()).toBe(201);
      during.accepted.push(((await res.json()) as { id: string }).id);
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    expect(server.child.exitCode).toBeNull();
    expect(server.output()).not.toMatch(/uncaught|unhandled error/i);
    const stored = await database.query((db) => db.selectFrom('nominations').select('id').where('id', 'in', during.accepted).execute());
    expect(stored).toHaveLength(during.accepted.length);
    expect(await server.stop('SIGTERM')).toBe(0);
  }, 60_000);
});
