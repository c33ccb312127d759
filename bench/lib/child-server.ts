import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { childPids, freePort } from '../../tests/helpers/server.ts';
import { onCores } from './cores.ts';

/** The repository root, where child servers run. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const START_TIMEOUT_MS = 60_000;

export type ChildServer = Readonly<{
  url: string;
  /** Sends a signal to the child alone (a probe loaded with `imports` may answer it). */
  signal: (signal: NodeJS.Signals) => void;
  /** The process ids of the child's own children right now: a cluster primary's workers. */
  workerPids: () => number[];
  /** Everything the child wrote so far, for error messages. */
  output: () => string;
  /**
   * Sends the signal and waits for the child to exit. SIGTERM lets a cluster primary stop its
   * workers; SIGKILL is sent to the workers too, which would otherwise outlive it a moment.
   */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
  /**
   * CPU time (user + system, ms) the child and its live workers have used so far, or null where
   * /proc is missing. Read from outside, so the figure holds on a shared machine where req/s
   * depends on the neighbours.
   */
  cpuMs: () => number | null;
}>;

export type ChildServerOptions = Readonly<{
  /** Environment added to this process's; PORT is chosen here. */
  env?: Record<string, string>;
  /** Node flags before the script, such as `--cpu-prof`. */
  nodeArgs?: string[];
  /** TypeScript modules loaded before the script, after tsx (bench probes). */
  imports?: string[];
  /** A GET path that answers 2xx once the server is ready. */
  readyPath?: string;
  /** Cores to run on, as taskset names them (cores.ts); without it, wherever the scheduler puts it. */
  cores?: string;
}>;

/**
 * Runs a TypeScript server (through tsx) in a child process, so it has a core of its own rather
 * than sharing the load generator's, and waits until it answers.
 */
export async function startChildServer(script: string, options: ChildServerOptions = {}): Promise<ChildServer> {
  const port = await freePort();
  const [command, args] = onCores(options.cores, [
    process.execPath,
    ...(options.nodeArgs ?? []),
    '--import',
    'tsx',
    ...(options.imports ?? []).flatMap((module) => ['--import', module]),
    script,
  ]);
  const child = spawn(command, args, {
    cwd: ROOT,
    // PUBLIC_URL is the address the load reaches: Élan takes a form's Origin from there only.
    env: { ...process.env, PUBLIC_URL: `http://127.0.0.1:${port}`, ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) {
      const workers = signal === 'SIGKILL' && child.pid !== undefined ? childPids(child.pid) : [];
      child.kill(signal);
      for (const pid of workers) killQuietly(pid, signal);
    }
    await exited;
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited before it was ready:\n${output}`);
    try {
      if ((await fetch(`${url}${options.readyPath ?? '/healthz'}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop('SIGKILL');
      throw new Error(`${script} was not ready after ${START_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    signal: (signal) => {
      if (child.pid !== undefined) killQuietly(child.pid, signal);
    },
    workerPids: () => (child.pid === undefined ? [] : childPids(child.pid)),
    output: () => output,
    stop,
    cpuMs: () => (child.pid === undefined ? null : treeCpuMs(child.pid)),
  };
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // exited already
  }
}

/** CPU time of a process and its children (a cluster primary and its workers), or null without /proc. */
function treeCpuMs(pid: number): number | null {
  const own = processCpuMs(pid);
  if (own === null) return null;
  return childPids(pid).reduce((sum, child) => sum + (processCpuMs(child) ?? 0), own);
}

/**
 * Runs a TypeScript script (through tsx) in a fresh process, with Node flags `nodeArgs`, and gives
 * what it printed on stdout; rejects with its output if it fails. For measures that the bench's own process would spoil.
 */
export function runChildScript(script: string, args: readonly string[] = [], nodeArgs: readonly string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${script} ${args.join(' ')} exited with ${signal ?? code}:\n${stderr}${stdout}`));
    });
  });
}

let clockTicks: number | null = null;

/** User + system CPU time of a process in ms, from /proc/<pid>/stat (Linux); null elsewhere. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name and state.
    const ticks = Number(fields[11]) + Number(fields[12]);
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return (ticks * 1000) / clockTicks;
  } catch {
    return null;
  }
}
