/** How long and how hard every section loads its server; one value for the whole run. */
export type BenchSettings = Readonly<{
  /** Seconds of measured load per run (BENCH_SECONDS, default 10). */
  seconds: number;
  /** Seconds of unmeasured load first, so the JIT has compiled the hot path. */
  warmupSeconds: number;
  /** Concurrent keep-alive connections. */
  connections: number;
  /** When set, the Élan child writes a V8 CPU profile into this folder (BENCH_CPU_PROF). */
  cpuProfileDir: string | null;
  /** PostgreSQL to measure on as well, each section in a schema of its own (BENCH_DATABASE_URL); null: SQLite only. */
  postgresUrl: string | null;
  /** Progress lines, written to stderr so stdout holds only the report. */
  progress: (message: string) => void;
}>;

/** A goal a figure is held to, already judged: the table shows the label and `ok` or the miss word. */
export type Target = Readonly<{ label: string; met: boolean; miss: string }>;

/** One line of the report. */
export type Row = Readonly<{
  name: string;
  figure: number;
  unit: string;
  /** The same measure against a bare Hono handler in the same run, where one applies. */
  ceiling: number | null;
  target: Target | null;
  /** A sentence printed under the table, for what a number alone does not say. */
  note?: string;
}>;

/** A benchmark section: `npm run bench -- <name>` runs only the named ones. */
export type Section = Readonly<{
  name: string;
  run: (settings: BenchSettings) => Promise<Row[]>;
}>;

/** A figure that must reach `minimum`. */
export function atLeast(figure: number, minimum: number): Target {
  return { label: `≥ ${formatNumber(minimum)}`, met: figure >= minimum, miss: 'below' };
}

/** A figure that must stay at or under `maximum` (a time, a size). */
export function atMost(figure: number, maximum: number): Target {
  return { label: `≤ ${formatNumber(maximum)}`, met: figure <= maximum, miss: 'above' };
}

/** A figure that must stay under `limit`. */
export function under(figure: number, limit: number): Target {
  return { label: `< ${formatNumber(limit)}`, met: figure < limit, miss: 'above' };
}

/** A figure that must reach a share of the bare-Hono ceiling measured in the same run. */
export function shareOfCeiling(figure: number, ceiling: number, share: number): Target {
  return { label: `≥ ${Math.round(share * 100)} % of ceiling`, met: figure >= ceiling * share, miss: 'below' };
}

/** A count that must be exactly `expected`. */
export function exactly(figure: number, expected: number): Target {
  return { label: `= ${formatNumber(expected)}`, met: figure === expected, miss: 'differs' };
}

/** A number with thousands separators, and decimals only where they say something. */
export function formatNumber(value: number): string {
  const digits = Number.isInteger(value) || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
