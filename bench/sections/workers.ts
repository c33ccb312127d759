import { availableParallelism } from 'node:os';
import { type ChildServer, processCpuMs } from '../lib/child-server.ts';
import { type Engine, startElan } from '../lib/elan-server.ts';
import { describeStatuses, loadServer } from '../lib/load.ts';
import { addNominatedWorkplace, nominationRequest, RATE_LIMIT_OUT_OF_REACH, TARGET_NOMINATIONS_PER_SECOND } from '../lib/nominations.ts';
import { atLeast, type BenchSettings, formatNumber, type Row, type Section, type Target } from '../lib/section.ts';

// Scale-out on one machine (issue 8): nominations taken with WORKERS=1 and WORKERS=2 (node:cluster,
// the workers sharing the database), on SQLite and, with BENCH_DATABASE_URL, on PostgreSQL.

const WORKER_COUNTS = [1, 2];
const START_TIMEOUT_MS = 60_000;
// A worker that used less CPU than this over the last poll has loaded its code and waits for work.
const QUIET_CPU_MS = 20;
const POLL_MS = 500;

/**
 * Waits until the cluster runs `count` workers and each has gone quiet: loaded through tsx,
 * connected and listening. Otherwise the warm-up could start while one of them still loads and
 * the other takes every connection. Returns their ids.
 */
async function quietWorkers(server: ChildServer, count: number): Promise<number[]> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = new Map<number, number>();
  for (;;) {
    const pids = server.workerPids();
    const now = new Map(pids.map((pid) => [pid, processCpuMs(pid) ?? 0]));
    const quiet = (pid: number) => last.has(pid) && now.get(pid)! - last.get(pid)! < QUIET_CPU_MS;
    if (pids.length === count && pids.every(quiet)) return pids;
    if (Date.now() > deadline)
      throw new Error(
        `${count} quiet workers were not running after ${START_TIMEOUT_MS / 1000} s (found ${pids.length}):\n${server.output()}`,
      );
    last = now;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** What share of the workers' CPU time over the measured run each one used. */
function cpuSplit(before: ReadonlyMap<number, number>, pids: readonly number[]): string {
  const used = pids.map((pid) => (processCpuMs(pid) ?? 0) - (before.get(pid) ?? 0));
  const total = used.reduce((sum, ms) => sum + ms, 0);
  return used.map((ms) => `${Math.round((100 * ms) / total)} %`).join(' / ');
}

/** SQLite's rate target, all answers 201; on PostgreSQL, where no rate is set, only all answers 201. */
function targetOf(engine: Engine, failures: number, perSecond: number): Target | null {
  const label = `≥ ${formatNumber(TARGET_NOMINATIONS_PER_SECOND)}, all 201`;
  if (failures > 0) return { label: engine === 'SQLite' ? label : 'all 201', met: false, miss: 'failed' };
  return engine === 'SQLite' ? atLeast(perSecond, TARGET_NOMINATIONS_PER_SECOND) : null;
}

async function measure(settings: BenchSettings, workers: number, postgresUrl: string | null): Promise<Row> {
  const elan = await startElan(settings, {
    postgresUrl,
    env: { WORKERS: String(workers), NOMINATION_RATE_LIMIT: RATE_LIMIT_OUT_OF_REACH },
    setup: addNominatedWorkplace,
  });
  try {
    settings.progress(`workers: nominations with WORKERS=${workers} on ${elan.engine}, ${settings.seconds} s`);
    const pids = workers > 1 ? await quietWorkers(elan, workers) : [];
    let workerCpuBefore = new Map<number, number>();
    const result = await loadServer(settings, elan, nominationRequest(elan.url), {
      afterWarmup: async () => {
        workerCpuBefore = new Map(pids.map((pid) => [pid, processCpuMs(pid) ?? 0]));
      },
    });
    const perSecond = result.ratePerSecond(201);
    const split = pids.length > 1 ? `; the workers' CPU split ${cpuSplit(workerCpuBefore, pids)}` : '';
    const cpu =
      result.cpuMsPerRequest === null ? '' : `, server CPU ${formatNumber(result.cpuMsPerRequest)} ms per nomination (all its processes)`;
    return {
      name: `nominations taken, WORKERS=${workers} (${elan.engine})`,
      figure: perSecond,
      unit: 'nominations/s',
      ceiling: null,
      target: targetOf(elan.engine, result.failures, perSecond),
      note: `WORKERS=${workers} on ${elan.engine} (${availableParallelism()} cores, one of them also running the load generator): latency p50 ${formatNumber(result.p50Ms)} ms, p99 ${formatNumber(result.p99Ms)} ms${cpu}${split}; answers ${describeStatuses(result.statuses, result.errors)}${elan.engine === 'PostgreSQL' ? `; no rate is set for PostgreSQL (the ≥ ${formatNumber(TARGET_NOMINATIONS_PER_SECOND)} a second is for SQLite), only that every answer is 201` : ''}.`,
    };
  } finally {
    await elan.remove();
  }
}

/** Nominations per second with one and two worker processes, on each database. */
export const workers: Section = {
  name: 'workers',
  async run(settings) {
    const rows: Row[] = [];
    for (const postgresUrl of settings.postgresUrl ? [null, settings.postgresUrl] : [null]) {
      for (const count of WORKER_COUNTS) rows.push(await measure(settings, count, postgresUrl));
    }
    return rows;
  },
};
