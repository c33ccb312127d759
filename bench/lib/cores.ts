import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

// Where the serving section runs its two processes. On a 2-core machine the load generator and the
// server under test each need a core; left to the scheduler, they were often placed on the same one
// (the bare-Hono server shared the load generator's core in 162 of 169 samples of one run), and a
// ceiling or an Élan run measured that way is not comparable with one that had both cores. So the
// serving section pins the load generator to core 0 and each server to core 1 (taskset, Linux),
// the same for the ceiling and for Élan.

/** The cores of a pinned run, as taskset names them, and how to give this process back its own. */
export type CorePlan = Readonly<{ client: string; server: string; restore: () => void }>;

function taskset(args: readonly string[]): string {
  return execFileSync('taskset', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Pins this process (every thread of it) to core 0 and plans core 1 for the server; `restore` gives
 * this process back the cores it had. Null with fewer than two cores or without taskset.
 */
export function separateCores(): CorePlan | null {
  if (availableParallelism() < 2) return null;
  const self = String(process.pid);
  let mask: string;
  try {
    // "pid 123's current affinity mask: 3"
    mask = taskset(['-p', self]).trim().split(' ').at(-1) ?? '';
  } catch {
    return null;
  }
  taskset(['-a', '-p', '-c', '0', self]);
  return { client: '0', server: '1', restore: () => void taskset(['-a', '-p', mask, self]) };
}

/** The command that runs `argv` on `cores` (taskset execs it, so the pid stays the same), or argv itself. */
export function onCores(cores: string | undefined, argv: readonly [string, ...string[]]): [string, string[]] {
  const [command, ...rest] = argv;
  return cores === undefined ? [command, rest] : ['taskset', ['-c', cores, command, ...rest]];
}
