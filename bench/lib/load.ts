import { httpLoad, percentile } from './http-load.ts';
import { type BenchSettings, formatNumber } from './section.ts';

export type LoadRequest = Readonly<{
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}>;

/** What one load run measured. */
export type LoadResult = Readonly<{
  seconds: number;
  /** Answers by HTTP status. */
  statuses: ReadonlyMap<number, number>;
  /** Answers with `status` per second of the run. */
  ratePerSecond: (status: number) => number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers outside 2xx, plus errors. */
  failures: number;
  /**
   * Requests written but never answered: the ones in flight when the run stopped (at most one per
   * connection) and any that errored. The server may still have carried them out.
   */
  unanswered: number;
}>;

/**
 * Loads one URL from this process (the server under test runs in its own process) with the bench's
 * load generator (http-load.ts): a short unmeasured warm-up, `afterWarmup` (to take a count the
 * measured run is compared with), then `settings.seconds` of measured load.
 */
export async function load(
  settings: BenchSettings,
  request: LoadRequest,
  hooks: { afterWarmup?: () => Promise<void> } = {},
): Promise<LoadResult> {
  const options = {
    url: request.url,
    method: request.method ?? 'GET',
    headers: request.headers ?? {},
    ...(request.body === undefined ? {} : { body: request.body }),
    connections: settings.connections,
  };
  if (settings.warmupSeconds > 0) await httpLoad({ ...options, seconds: settings.warmupSeconds });
  await hooks.afterWarmup?.();
  const result = await httpLoad({ ...options, seconds: settings.seconds });

  const statuses = result.statuses;
  const answered = [...statuses.values()].reduce((sum, n) => sum + n, 0);
  const non2xx = [...statuses].filter(([code]) => code < 200 || code > 299).reduce((sum, [, n]) => sum + n, 0);
  return {
    seconds: result.seconds,
    statuses,
    ratePerSecond: (status) => (statuses.get(status) ?? 0) / result.seconds,
    p50Ms: percentile(result.latenciesMs, 50),
    p99Ms: percentile(result.latenciesMs, 99),
    errors: result.errors,
    failures: non2xx + result.errors,
    unanswered: Math.max(0, result.sent - answered),
  };
}

/** A load result with the CPU time the server spent per answer over the measured run (null without /proc). */
export type MeasuredLoad = LoadResult & Readonly<{ cpuMsPerRequest: number | null }>;

/**
 * Loads a server as `load` does and reads its CPU time (see ChildServer.cpuMs) around the measured
 * run, after `afterWarmup` has run.
 */
export async function loadServer(
  settings: BenchSettings,
  server: { cpuMs: () => number | null },
  request: LoadRequest,
  hooks: { afterWarmup?: () => Promise<void> } = {},
): Promise<MeasuredLoad> {
  let cpuBefore: number | null = null;
  const result = await load(settings, request, {
    afterWarmup: async () => {
      await hooks.afterWarmup?.();
      cpuBefore = server.cpuMs();
    },
  });
  const cpuAfter = server.cpuMs();
  const answered = [...result.statuses.values()].reduce((sum, n) => sum + n, 0);
  const cpuMsPerRequest = cpuBefore === null || cpuAfter === null || answered === 0 ? null : (cpuAfter - cpuBefore) / answered;
  return { ...result, cpuMsPerRequest };
}

/** Answers by status for a note: `201 × 20,000, 503 × 3`, then the connection errors if any. */
export function describeStatuses(statuses: ReadonlyMap<number, number>, errors = 0): string {
  const counts = [...statuses].map(([status, count]) => `${status} × ${formatNumber(count)}`).join(', ') || 'no answers';
  return errors > 0 ? `${counts}; ${formatNumber(errors)} connection errors or timeouts` : counts;
}
