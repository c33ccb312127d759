import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB, testClock } from '../helpers/app.ts';
import {
  brokenInvariants,
  type FuzzRequest,
  footprint,
  makeConsumables,
  mergePools,
  paramKinds,
  type Route,
  requestArb,
  restoreWorld,
  routesOf,
  seedWorld,
  send,
  type World,
} from './fuzz-kit.ts';

/**
 * Whatever anyone sends to any route — anonymous, a manager or the admin; JSON of any shape, broken
 * forms, multipart with odd files, wrong content types, huge fields, random path parameters and
 * query strings — the answer is never a 5xx, a refused request changes nothing, and the database
 * still tells a coherent story afterwards. The routes come from the app itself, so a route added
 * later is fuzzed too. Runs are repeatable: FUZZ_SEED changes the seed (a failure names the one to
 * replay it with), FUZZ_SCALE multiplies the number of requests, FUZZ_STATS=1 prints what each route
 * answered and where the time went.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);

const clock = testClock();
// The fuzz sends thousands of requests from one address and mails the same few people: the limits that would
// refuse them (each tested on its own) are set out of reach, so every answer is the route's own.
const t = await createTestApp({
  clock,
  env: { NOMINATION_RATE_LIMIT: '100000/hour', VERIFY_RATE_LIMIT: '100000/minute', MAIL_RATE_LIMIT: '100000/day' },
});
const routes = routesOf(t.app);
let world: World;

// What the app logs as an error or warning (an unhandled error behind a 500, a background job that
// failed): the fuzz reads it, and a route's run fails if anything was logged.
const logged: string[] = [];
for (const level of ['warn', 'error'] as const) {
  t.ctx.logger[level] = (message, data) => logged.push(`${level}: ${message} ${JSON.stringify(data ?? {}).slice(0, 2000)}`);
}

let requests = 0;
let lastFootprint: Record<string, unknown> | null = null;
let slowest = { ms: 0, what: '' };
// With FUZZ_STATS=1, the statuses each route answered: to see that the fuzz gets past validation.
const statuses = new Map<string, Map<number, number>>();
const perRoute = new Map<string, number>();
const spent = { setup: 0, footprint: 0, requests: 0, invariants: 0 };
const timed = async <T>(part: keyof typeof spent, work: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  try {
    return await work();
  } finally {
    spent[part] += performance.now() - started;
  }
};

beforeAll(async () => {
  world = await seedWorld(t);
}, 60_000);
afterAll(async () => {
  if (process.env.FUZZ_STATS) {
    for (const [route, seen] of statuses)
      console.log(
        route.padEnd(48),
        [...seen]
          .sort((a, b) => a[0] - b[0])
          .map(([s, n]) => `${s}×${n}`)
          .join(' '),
      );
    console.log(
      'slowest routes:',
      [...perRoute]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([r, ms]) => `${r} ${ms.toFixed(0)} ms`)
        .join(', '),
    );
    console.log(
      'time spent:',
      Object.entries(spent)
        .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
        .join(', '),
    );
  }
  console.log(
    `fuzz on ${TEST_DB}: ${requests} requests over ${routes.length} routes (seed ${SEED}); slowest ${slowest.ms.toFixed(0)} ms: ${slowest.what}`,
  );
  await t.close();
});

const changesState = (route: Route) => !/^(GET|HEAD)$/.test(route.method);
/** Routes that may act on a nomination, an award or a private link get fresh ones to use up (reading uses up nothing). */
const usesUp = (route: Route) =>
  changesState(route) &&
  paramKinds(route.path).some((kinds) => kinds.some((k) => !['workplace', 'category', 'asset', 'statusList', 'apiToken'].includes(k)));
// The verifier reads files and documents of any shape and depth: the widest surface gets the most requests.
const runsFor = (route: Route) =>
  Math.max(1, Math.round((route.path.endsWith('/verify') && changesState(route) ? 150 : changesState(route) ? 25 : 12) * SCALE));

const describeRequest = (req: FuzzRequest, status: number, body: Uint8Array) =>
  `${req.who} ${req.method} ${req.path}${req.query} (${req.body.kind}) → ${status} ${new TextDecoder().decode(body.subarray(0, 300))}\n` +
  `replay: FUZZ_SEED=${SEED} npx vitest run tests/fuzz/every-route.test.ts\n${logged.slice(-2).join('\n')}`;

/**
 * A refusal says what went wrong: on the API, JSON {"error":{"code","message"}}; elsewhere an HTML page
 * in the visitor's language (or that JSON, to a client that did not ask for HTML). Null when it does.
 */
function refusalProblem(req: FuzzRequest, res: { status: number; body: Uint8Array; headers: Headers }): string | null {
  const type = res.headers.get('content-type') ?? '';
  const text = new TextDecoder().decode(res.body);
  const jsonError = () => {
    if (!type.startsWith('application/json')) return `a ${type || 'typeless'} refusal where JSON was due`;
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    return typeof error?.code === 'string' && typeof error.message === 'string' && error.message.trim() !== ''
      ? null
      : `no {error:{code,message}} in ${text.slice(0, 200)}`;
  };
  if (req.path.startsWith('/api/')) return jsonError();
  if (type.startsWith('text/html')) return /<html lang="(fr-CA|en)"/.test(text) ? null : 'a page in no language';
  return (req.headers.accept ?? '').includes('text/html') ? `a ${type || 'typeless'} refusal where a page was due` : jsonError();
}

describe('bad input on every route', () => {
  it('reads the routes from the app', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes).toContainEqual({ method: 'POST', path: '/api/v1/verify' });
    expect(routes).toContainEqual({ method: 'PATCH', path: '/api/v1/workplaces/:slug' });
  });

  routes.forEach((route, index) => {
    it(`${route.method} ${route.path}: never a 5xx, never a half-written record`, async () => {
      logged.length = 0;
      lastFootprint = null;
      const pools = await timed('setup', async () => {
        await restoreWorld(t, world);
        return usesUp(route) ? mergePools(world.stable, (await makeConsumables(t, world)).pools) : world.stable;
      });
      await fc.assert(
        fc.asyncProperty(requestArb(route, pools), async (req) => {
          clock.advance(1000);
          // What the database held after the last refused request is what it holds now: nothing else
          // writes in between (the sessions and tokens made for this request are not counted).
          const before = lastFootprint ?? (await timed('footprint', () => footprint(t)));
          lastFootprint = null;
          const started = performance.now();
          const res = await timed('requests', () => send(t, world, req));
          const ms = performance.now() - started;
          requests++;
          perRoute.set(`${route.method} ${route.path}`, (perRoute.get(`${route.method} ${route.path}`) ?? 0) + ms);
          const seen = statuses.get(`${route.method} ${route.path}`) ?? new Map<number, number>();
          statuses.set(`${route.method} ${route.path}`, seen.set(res.status, (seen.get(res.status) ?? 0) + 1));
          if (ms > slowest.ms) slowest = { ms, what: `${req.method} ${req.path.slice(0, 80)} (${req.body.kind})` };
          const said = describeRequest(req, res.status, res.body);
          expect(res.status, said).toBeLessThan(500);
          if (res.status >= 400) {
            expect(refusalProblem(req, res), said).toBeNull();
            lastFootprint = await timed('footprint', () => footprint(t));
            expect(lastFootprint, said).toEqual(before);
          }
        }),
        { seed: SEED + index, numRuns: runsFor(route) },
      );
      expect(await timed('invariants', () => brokenInvariants(t))).toEqual([]);
      expect(logged).toEqual([]);
    }, 120_000);
  });
});
