import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { startElan } from '../lib/elan-server.ts';
import { describeStatuses } from '../lib/load.ts';
import { atMost, type BenchSettings, formatNumber, type Row, type Section } from '../lib/section.ts';
import { percentile } from '../lib/stats.ts';
import { seedWall, type WallSeed } from '../seed-wall.ts';

// The recognition wall over 100,000 awards across 50 workplaces (bench/seed-wall.ts): the time one
// page takes, asked one request after another as a reviewer browsing would. On SQLite always, and
// on PostgreSQL too when BENCH_DATABASE_URL is set (in a schema of its own, dropped afterwards).

const TARGET_P95_MS = 30;
const AWARDS = 100_000;
const WORKPLACES = 50;
// How far down the deep page starts: near the oldest awards of one workplace (about 2,000).
const DEEP_FROM_END = 30;

type Sample = { p50: number; p95: number; requests: number; failures: number; statuses: Map<number, number> };

/**
 * Requests one page back to back on a kept-alive connection for `settings.seconds` (after an
 * unmeasured warm-up) and times each to its last byte. One at a time, the figure is what a page
 * costs, not how long it queued behind others.
 */
async function sampleLatency(settings: BenchSettings, url: string, cookie: string | null): Promise<Sample> {
  const once = async () => {
    const started = performance.now();
    const res = await fetch(url, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
    await res.arrayBuffer();
    return { ms: performance.now() - started, status: res.status };
  };
  const until = (seconds: number) => performance.now() + seconds * 1000;
  for (const end = until(settings.warmupSeconds); performance.now() < end; ) await once();
  const times: number[] = [];
  const statuses = new Map<number, number>();
  for (const end = until(settings.seconds); performance.now() < end; ) {
    const { ms, status } = await once();
    times.push(ms);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  times.sort((a, b) => a - b);
  const failures = [...statuses].filter(([status]) => status !== 200).reduce((sum, [, n]) => sum + n, 0);
  return { p50: percentile(times, 50), p95: percentile(times, 95), requests: times.length, failures, statuses };
}

/** The cursor of a page near the end of one workplace's wall, as the wall's "older" link writes it. */
async function deepCursor(db: Kysely<Database>, workplaceId: string): Promise<string> {
  const shown = ['approved', 'claimed'] as const;
  const { n } = await db
    .selectFrom('awards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workplace_id', '=', workplaceId)
    .where('status', 'in', shown)
    .executeTakeFirstOrThrow();
  const row = await db
    .selectFrom('awards')
    .select(['created_at', 'id'])
    .where('workplace_id', '=', workplaceId)
    .where('status', 'in', shown)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(Math.max(0, Number(n) - DEEP_FROM_END))
    .limit(1)
    .executeTakeFirstOrThrow();
  return encodeURIComponent(`${row.created_at}_${row.id}`);
}

type Page = { name: string; path: string; who: 'manager' | 'admin' | 'visitor' };

function pagesOf(seed: WallSeed, cursor: string): Page[] {
  const slug = seed.workplaces[0]!.slug;
  return [
    { name: 'wall, first page (a manager of one workplace)', path: '/manage/wall', who: 'manager' },
    { name: 'wall, first page (admin, all 50 workplaces)', path: '/manage/wall', who: 'admin' },
    {
      name: 'wall, deep page (one workplace, ~2,000 awards down)',
      path: `/manage/wall?workplace=${slug}&cursor=${cursor}`,
      who: 'manager',
    },
    { name: 'insights (a manager of one workplace)', path: '/manage/insights', who: 'manager' },
    { name: 'insights (admin, all 50 workplaces)', path: '/manage/insights', who: 'admin' },
    { name: 'public wall, first page', path: `/w/${slug}/wall`, who: 'visitor' },
  ];
}

async function measurePages(settings: BenchSettings, engine: string, baseUrl: string, seed: WallSeed, cursor: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const page of pagesOf(seed, cursor)) {
    settings.progress(`wall: ${page.name} on ${engine}, ${settings.seconds} s`);
    const sample = await sampleLatency(
      settings,
      `${baseUrl}${page.path}`,
      page.who === 'admin' ? seed.adminCookie : page.who === 'manager' ? seed.managerCookie : null,
    );
    rows.push({
      name: `wall: ${page.name}, p95 (${engine})`,
      figure: sample.p95,
      unit: 'ms',
      ceiling: null,
      target:
        sample.failures > 0 ? { label: `≤ ${TARGET_P95_MS}, all 200`, met: false, miss: 'failed' } : atMost(sample.p95, TARGET_P95_MS),
      note: `${page.name} on ${engine}: p50 ${formatNumber(sample.p50)} ms, p95 ${formatNumber(sample.p95)} ms over ${formatNumber(sample.requests)} requests one at a time (${describeStatuses(sample.statuses)})`,
    });
  }
  return rows;
}

/** Seeds the wall on a fresh database of one engine, then times its pages on an Élan server over it. */
async function runOn(settings: BenchSettings, postgresUrl: string | null): Promise<Row[]> {
  const engine = postgresUrl ? 'PostgreSQL' : 'SQLite';
  settings.progress(`wall: seeding ${formatNumber(AWARDS)} awards across ${WORKPLACES} workplaces on ${engine}`);
  let seed: WallSeed | undefined;
  let seconds = 0;
  const elan = await startElan(settings, {
    postgresUrl,
    setup: async (db) => {
      const started = performance.now();
      seed = await seedWall(db, { awards: AWARDS, workplaces: WORKPLACES });
      seconds = (performance.now() - started) / 1000;
      // What autovacuum does soon after a bulk load: statistics for the planner, and the
      // visibility map that lets counts read only the index.
      if (postgresUrl) await sql`vacuum analyze`.execute(db);
    },
  });
  try {
    const cursor = await elan.query((db) => deepCursor(db, seed!.workplaces[0]!.id));
    const rows = await measurePages(settings, engine, elan.url, seed!, cursor);
    rows.push(seededRow(seed!, seconds, engine));
    return rows;
  } finally {
    await elan.remove();
  }
}

function seededRow(seed: WallSeed, seconds: number, engine: string): Row {
  return {
    name: `wall: seeding (${engine})`,
    figure: seconds,
    unit: 's',
    ceiling: null,
    target: null,
    note: `seeded on ${engine}: ${formatNumber(seed.awards)} awards, ${formatNumber(seed.nominations)} nominations and ${formatNumber(seed.events)} events across ${seed.workplaces.length} workplaces`,
  };
}

/** The recognition wall's pages at 100,000 awards: first page, deep page, insights, public wall. */
export const wall: Section = {
  name: 'wall',
  async run(settings) {
    const rows = await runOn(settings, null);
    if (settings.postgresUrl) rows.push(...(await runOn(settings, settings.postgresUrl)));
    return rows;
  },
};
