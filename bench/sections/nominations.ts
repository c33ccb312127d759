import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { addDays, isoDay } from '../../src/lib/clock.ts';
import { newId } from '../../src/lib/ids.ts';
import { insertWorkplace } from '../../src/workplaces/workplace-queries.ts';
import { startChildServer } from '../lib/child-server.ts';
import { startElan } from '../lib/elan-server.ts';
import { load, type LoadResult } from '../lib/load.ts';
import { atLeast, type BenchSettings, exactly, formatNumber, type Row, type Section, type Target } from '../lib/section.ts';

const PATH = '/api/v1/nominations';
const TARGET_PER_SECOND = 2_000;
const WORKPLACE_SLUG = 'cafe-du-banc';
// Every request comes from 127.0.0.1: a limit this high measures the work, not the refusal.
const RATE_LIMIT_OUT_OF_REACH = '1000000000/hour';
// Time for the warm-up's last requests, still in the server when the load stops, to be stored.
const SETTLE_MS = 500;

/** A nomination as the public form's customers send it, its moment yesterday. */
function nominationBody(today: Date) {
  return {
    workplace: WORKPLACE_SLUG,
    staffFirstName: 'Zoë',
    staffRole: 'barista',
    momentDate: isoDay(addDays(today, -1)),
    momentPlace: 'au comptoir',
    category: 'presence',
    story: 'Elle a pris le temps de m’expliquer chaque café, sans jamais me presser.',
    nominatorName: 'Luc',
    nominatorEmail: 'luc@example.org',
    publicStoryConsent: true,
    lang: 'fr',
  };
}

async function addWorkplace(db: Kysely<Database>): Promise<void> {
  const at = new Date().toISOString();
  await insertWorkplace(db, { id: newId(), slug: WORKPLACE_SLUG, name: 'Café du Banc', city: 'Montréal', public_wall: 0, lang: 'fr', created_at: at, updated_at: at });
}

async function countStored(db: Kysely<Database>): Promise<{ nominations: number; events: number }> {
  const nominations = await db.selectFrom('nominations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const events = await db
    .selectFrom('nomination_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'submitted')
    .executeTakeFirstOrThrow();
  return { nominations: Number(nominations.n), events: Number(events.n) };
}

/**
 * Every 201 must be stored with its `submitted` event. A request still in flight when the load
 * stopped may be stored without its answer having been counted, hence the margin.
 */
function storedTarget(stored: { nominations: number; events: number }, created: number, unanswered: number): { target: Target; note: string } {
  const { nominations, events } = stored;
  const met = nominations >= created && nominations <= created + unanswered && events === nominations;
  const counts = `${formatNumber(nominations)} nominations and ${formatNumber(events)} submitted events stored for ${formatNumber(created)} answers 201 (${formatNumber(unanswered)} requests in flight when the load stopped), counted after killing the server with SIGKILL`;
  const verdict = met
    ? 'every nomination answered 201 was durably stored.'
    : nominations < created
      ? `${formatNumber(created - nominations)} nominations answered 201 are missing.`
      : 'the counts do not match the answers.';
  return { target: { label: '= 201 answers', met, miss: 'lost' }, note: `nominations stored: ${counts}: ${verdict}` };
}

function describeStatuses(result: LoadResult): string {
  const statuses = [...result.statuses].map(([status, count]) => `${status} × ${formatNumber(count)}`).join(', ');
  return result.errors > 0 ? `${statuses}; ${formatNumber(result.errors)} connection errors or timeouts` : statuses;
}

/** CPU time a server spent per answered request over the measured run, or null without /proc. */
function cpuPerRequest(cpuBefore: number | null, cpuAfter: number | null, result: LoadResult): number | null {
  const answered = [...result.statuses.values()].reduce((sum, n) => sum + n, 0);
  if (cpuBefore === null || cpuAfter === null || answered === 0) return null;
  return (cpuAfter - cpuBefore) / answered;
}

async function measureCeiling(settings: BenchSettings, body: string): Promise<LoadResult & { cpuMsPerRequest: number | null }> {
  const bare = await startChildServer('bench/servers/bare-hono.ts');
  try {
    let cpuBefore: number | null = null;
    const result = await load(
      settings,
      { url: `${bare.url}${PATH}`, method: 'POST', headers: { 'content-type': 'application/json' }, body },
      { afterWarmup: async () => void (cpuBefore = bare.cpuMs()) },
    );
    return { ...result, cpuMsPerRequest: cpuPerRequest(cpuBefore, bare.cpuMs(), result) };
  } finally {
    await bare.stop();
  }
}

/** Taking nominations through the public API on SQLite, next to a bare Hono handler. */
export const nominations: Section = {
  name: 'nominations',
  async run(settings) {
    const body = JSON.stringify(nominationBody(new Date()));

    settings.progress(`nominations: bare Hono ceiling, ${settings.seconds} s`);
    const ceiling = await measureCeiling(settings, body);

    settings.progress(`nominations: Élan on SQLite, ${settings.seconds} s`);
    const elan = await startElan(settings, { env: { NOMINATION_RATE_LIMIT: RATE_LIMIT_OUT_OF_REACH }, setup: addWorkplace });
    try {
      let before = { nominations: 0, events: 0 };
      let cpuBefore: number | null = null;
      const result = await load(
        settings,
        { url: `${elan.url}${PATH}`, method: 'POST', headers: { 'content-type': 'application/json' }, body },
        {
          afterWarmup: async () => {
            await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
            before = await elan.query(countStored);
            cpuBefore = elan.cpuMs();
          },
        },
      );
      // Read before stopping: the mail round still owed to the last nominations is left out, a
      // few ms against seconds of load.
      const cpuMsPerNomination = cpuPerRequest(cpuBefore, elan.cpuMs(), result);
      // Only what was committed survives SIGKILL, so the count proves each 201 came after its commit.
      // A CPU profile is written only on a clean exit.
      await elan.stop(settings.cpuProfileDir ? 'SIGTERM' : 'SIGKILL');
      const after = await elan.query(countStored);
      const stored = { nominations: after.nominations - before.nominations, events: after.events - before.events };
      const created = result.statuses.get(201) ?? 0;
      const { target, note } = storedTarget(stored, created, result.unanswered);
      const perSecond = result.ratePerSecond(201);

      const rows: Row[] = [
        { name: 'nominations taken (POST /api/v1/nominations, SQLite)', figure: perSecond, unit: 'nominations/s', ceiling: ceiling.ratePerSecond(201), target: atLeast(perSecond, TARGET_PER_SECOND) },
        { name: 'nominations: latency p50', figure: result.p50Ms, unit: 'ms', ceiling: ceiling.p50Ms, target: null },
        { name: 'nominations: latency p99', figure: result.p99Ms, unit: 'ms', ceiling: ceiling.p99Ms, target: null },
        ...(cpuMsPerNomination === null
          ? []
          : [
              {
                name: 'nominations: server CPU per nomination',
                figure: cpuMsPerNomination,
                unit: 'ms',
                ceiling: ceiling.cpuMsPerRequest,
                target: null,
                note: `server CPU per nomination: the Élan process's user + system time over the measured run (from /proc) divided by its answers; on a shared machine it moves less than nominations/s. At ${formatNumber(cpuMsPerNomination)} ms one core would take ${formatNumber(1000 / cpuMsPerNomination)} nominations/s.`,
              },
            ]),
        {
          name: 'nominations: non-2xx answers and errors',
          figure: result.failures,
          unit: 'answers',
          ceiling: ceiling.failures,
          target: exactly(result.failures, 0),
          ...(result.failures > 0 ? { note: `nominations answered by status: ${describeStatuses(result)}` } : {}),
        },
        { name: 'nominations: stored', figure: stored.nominations, unit: 'rows', ceiling: null, target, note },
      ];
      return rows;
    } finally {
      await elan.remove();
    }
  },
};
