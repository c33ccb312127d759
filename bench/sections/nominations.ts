import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { startChildServer } from '../lib/child-server.ts';
import { startElan } from '../lib/elan-server.ts';
import { describeStatuses, loadServer, type MeasuredLoad } from '../lib/load.ts';
import { addNominatedWorkplace, nominationRequest, RATE_LIMIT_OUT_OF_REACH, TARGET_NOMINATIONS_PER_SECOND } from '../lib/nominations.ts';
import { atLeast, type BenchSettings, exactly, formatNumber, type Row, type Section, type Target } from '../lib/section.ts';

// Time for the warm-up's last requests, still in the server when the load stops, to be stored.
const SETTLE_MS = 500;

async function countStored(db: Kysely<Database>): Promise<{ nominations: number; events: number }> {
  const nominations = await db
    .selectFrom('nominations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
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
function storedTarget(
  stored: { nominations: number; events: number },
  created: number,
  unanswered: number,
): { target: Target; note: string } {
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

async function measureCeiling(settings: BenchSettings): Promise<MeasuredLoad> {
  const bare = await startChildServer('bench/servers/bare-hono.ts');
  try {
    return await loadServer(settings, bare, nominationRequest(bare.url));
  } finally {
    await bare.stop();
  }
}

/** Taking nominations through the public API on SQLite, next to a bare Hono handler. */
export const nominations: Section = {
  name: 'nominations',
  async run(settings) {
    settings.progress(`nominations: bare Hono ceiling, ${settings.seconds} s`);
    const ceiling = await measureCeiling(settings);

    settings.progress(`nominations: Élan on SQLite, ${settings.seconds} s`);
    const elan = await startElan(settings, { env: { NOMINATION_RATE_LIMIT: RATE_LIMIT_OUT_OF_REACH }, setup: addNominatedWorkplace });
    try {
      let before = { nominations: 0, events: 0 };
      const result = await loadServer(settings, elan, nominationRequest(elan.url), {
        afterWarmup: async () => {
          await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
          before = await elan.query(countStored);
        },
      });
      // CPU was read before stopping: the mail round still owed to the last nominations is left
      // out, a few ms against seconds of load.
      const cpuMsPerNomination = result.cpuMsPerRequest;
      // Only what was committed survives SIGKILL, so the count proves each 201 came after its commit.
      // A CPU profile is written only on a clean exit.
      await elan.stop(settings.cpuProfileDir ? 'SIGTERM' : 'SIGKILL');
      const after = await elan.query(countStored);
      const stored = { nominations: after.nominations - before.nominations, events: after.events - before.events };
      const created = result.statuses.get(201) ?? 0;
      const { target, note } = storedTarget(stored, created, result.unanswered);
      const perSecond = result.ratePerSecond(201);

      const rows: Row[] = [
        {
          name: 'nominations taken (POST /api/v1/nominations, SQLite)',
          figure: perSecond,
          unit: 'nominations/s',
          ceiling: ceiling.ratePerSecond(201),
          target: atLeast(perSecond, TARGET_NOMINATIONS_PER_SECOND),
        },
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
          ...(result.failures > 0 ? { note: `nominations answered by status: ${describeStatuses(result.statuses, result.errors)}` } : {}),
        },
        { name: 'nominations: stored', figure: stored.nominations, unit: 'rows', ceiling: null, target, note },
      ];
      return rows;
    } finally {
      await elan.remove();
    }
  },
};
