import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  childPids,
  createServerDatabase,
  processArgs,
  type RunningServer,
  type ServerDatabase,
  START_FLAGS,
  startServer,
} from '../helpers/server.ts';
import { nominationBurst } from '../resilience/burst.ts';

let database: ServerDatabase;
const servers: RunningServer[] = [];
beforeAll(async () => {
  database = await createServerDatabase();
  await database.addWorkplace('cafe-rouge');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.kill()));
});
afterAll(() => database?.remove());

/** Write system calls a process has made so far: a worker that answers requests makes some. */
function writeCalls(pid: number): number {
  return Number(/^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** GETs over a connection of its own: fetch's keep-alive pool may hold one to a worker that died. */
function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).once('error', reject);
  });
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an operator runs Élan with WORKERS=2 on one machine', () => {
  it('serves from two worker processes sharing the database, replaces one that dies, and stops cleanly on SIGTERM', async () => {
    const server = await startServer(
      {
        DATABASE_URL: database.url,
        WORKERS: '2',
        LOG_LEVEL: 'info',
        NOMINATION_RATE_LIMIT: '1000000/hour',
        SECRET_KEY: 'workers-test-secret-0123456789',
      },
      // Each worker loads the app through tsx on its own: on a busy two-core machine that takes a while.
      { timeoutMs: 40_000 },
    );
    servers.push(server);
    await until(() => childPids(server.pid, 'src/index.ts').length === 2 && /"workers":2/.test(server.output()));
    const workers = childPids(server.pid, 'src/index.ts');
    // Workers run with npm start's Node flags too (V8's memory reducer off): cluster forks with the primary's.
    for (const pid of [server.pid, ...workers]) expect(processArgs(pid)).toEqual(expect.arrayContaining([...START_FLAGS]));

    // The primary prepared the database and printed the setup link once, before forking.
    expect(server.output().match(/\/setup\/[\w-]{40,}/g)).toHaveLength(1);
    const listening = [...server.output().matchAll(/^\{.*"message":"Élan is listening.*"worker":\d+.*\}$/gm)].map(
      (m) => JSON.parse(m[0]).pid,
    );
    expect(listening.sort((a, b) => a - b)).toEqual(workers);

    const before = workers.map(writeCalls);
    let sent = 0;
    const burst = await nominationBurst(server.url, 'cafe-rouge', { lanes: 8, until: () => sent++ >= 80 });
    expect(burst.others).toEqual({});
    expect(burst.cut + burst.refused).toBe(0);
    expect(burst.accepted.length).toBeGreaterThanOrEqual(80);
    // Connections are handed round-robin: both workers did their share of the work.
    const after = workers.map(writeCalls);
    for (const [i, pid] of workers.entries()) expect(after[i]! - before[i]!, `worker ${pid}`).toBeGreaterThan(40);
    const stored = await database.query((db) => db.selectFrom('nominations').select('id').where('id', 'in', burst.accepted).execute());
    expect(stored).toHaveLength(burst.accepted.length);

    // A worker killed from outside is replaced, and the service keeps answering meanwhile.
    process.kill(workers[0]!, 'SIGKILL');
    await until(() => server.output().includes('a worker died'));
    for (let i = 0; i < 4; i++) expect(await getStatus(`${server.url}/healthz`)).toBe(200);
    await until(() => {
      const now = childPids(server.pid, 'src/index.ts');
      return now.length === 2 && !now.includes(workers[0]!);
    });
    const replaced = childPids(server.pid, 'src/index.ts');
    expect(replaced).toContain(workers[1]);
    await until(() => server.output().includes(`"pid":${replaced.find((p) => p !== workers[1])}`));

    expect(await server.stop('SIGTERM')).toBe(0);
    for (const pid of replaced) expect(isAlive(pid), `worker ${pid}`).toBe(false);
  }, 120_000);
});
