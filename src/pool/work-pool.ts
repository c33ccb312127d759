import { stat } from 'node:fs';
import { Piscina } from 'piscina';
import type { CredentialWork } from '../credentials/ob3/credential-work.ts';
import { AppError } from '../lib/errors.ts';
import type { PoolResult, PoolTask } from './pool-tasks.ts';

/** The drawing tasks: a badge, a share card, a counter card, a profile card. */
type DrawTask = Extract<PoolTask, { kind: 'badge' | 'card' | 'counter' | 'profile' }>;

/** How the pool of worker threads is sized and bounded. */
export type WorkPoolOptions = {
  /** Worker threads; RENDER_THREADS, by default the cores less one, at least one. */
  threads: number;
  /** How long one task may run or wait before its caller is answered 503. */
  deadlineMs: number;
  /** How many tasks may wait for a thread; past it a new one is refused at once with 503. */
  maxQueue: number;
};

/** Heavy work off the request thread: each task runs on a worker thread, within its deadline. */
export type WorkPool = CredentialWork & {
  /** Draws a badge, a share card, a counter card or a profile card on a worker thread. */
  draw: (task: DrawTask) => Promise<Uint8Array>;
  /** Waits for no task, ends the threads. */
  destroy: () => Promise<void>;
};

// Seconds a refused caller is told to wait: about what a full queue takes to drain.
const RETRY_AFTER_SECONDS = '2';

/** Makes the pool; a thread starts with its first task, loads the drawing engine and the suites once, and stays. */
export function createWorkPool(options: WorkPoolOptions): WorkPool {
  // libuv's thread pool (files, scrypt, zlib) is made by the first thread that needs it, and a thread inherits
  // its maker's priority: it is made now, by this thread, before any pool thread lowers its own (pool-tasks.ts).
  stat('.', () => {});
  const piscina = new Piscina({
    filename: new URL('./pool-tasks.ts', import.meta.url).href,
    // Threads start with their first task, so a process that never draws pays nothing for them.
    minThreads: 0,
    maxThreads: options.threads,
    // The threads load TypeScript as the server does; tsx is a dependency, and in the server's own
    // process its loader is already in execArgv (npm start), where this adds nothing.
    execArgv: ['--import', 'tsx'],
    // A thread keeps its fonts and decors: it is never ended for idling.
    idleTimeout: Number.POSITIVE_INFINITY,
    // A thread's live heap is under 30 MB once every script's font is loaded; without a cap V8 let it grow to
    // three times that before collecting, and the process passed 300 MB after a thousand drawings
    // (docs/performance.md). A thread that still ran out would end, and its task answer 503.
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 },
  });
  const busy = () => new AppError('busy', 503, 'error.busy', undefined, { 'Retry-After': RETRY_AFTER_SECONDS });

  // The waiting line is kept here, first come first served, and piscina is handed a task only when a thread is
  // free: piscina puts a task that carries an abort signal in a side queue that a newer task can overtake, and
  // under a steady stream some tasks waited until their deadline while later ones were done (docs/performance.md).
  type Waiting = { task: PoolTask; signal: AbortSignal; resolve: (value: unknown) => void; reject: (error: unknown) => void };
  const line: Waiting[] = [];
  let running = 0;
  const next = () => {
    while (running < options.threads && line.length > 0) {
      const waiting = line.shift()!;
      if (waiting.signal.aborted) continue;
      running++;
      piscina
        .run(waiting.task, { signal: waiting.signal })
        .then(waiting.resolve, (error: unknown) =>
          // Past its deadline (piscina ended the thread that ran it), or the thread ran out of memory: either
          // way piscina starts another, and the caller may try again.
          waiting.reject(
            (error as Error)?.name === 'AbortError' || (error as { code?: unknown })?.code === 'ERR_WORKER_OUT_OF_MEMORY' ? busy() : error,
          ),
        )
        .finally(() => {
          running--;
          next();
        });
    }
  };
  const run = <T extends PoolTask>(task: T): Promise<PoolResult<T['kind']>> => {
    // Refused before it is queued, so a burst past the bound costs the server nothing.
    if (line.length >= options.maxQueue) return Promise.reject(busy());
    return new Promise((resolve, reject) => {
      // The deadline counts the wait and the work. Its timer is cleared as soon as the task ends:
      // AbortSignal.timeout's would live on for the whole deadline, thousands at once under load.
      const deadline = new AbortController();
      const timer = setTimeout(() => {
        deadline.abort();
        const at = line.findIndex((waiting) => waiting.signal === deadline.signal);
        if (at >= 0) {
          line.splice(at, 1);
          reject(busy());
        }
      }, options.deadlineMs);
      const settle =
        <A>(then: (value: A) => void) =>
        (value: A) => {
          clearTimeout(timer);
          then(value);
        };
      line.push({ task, signal: deadline.signal, resolve: settle(resolve as (value: unknown) => void), reject: settle(reject) });
      next();
    });
  };
  return {
    draw: (task) => run(task),
    sign: (input) => run({ kind: 'sign', input }),
    verify: (input) => run({ kind: 'verify', input }),
    destroy: async () => {
      for (const waiting of line.splice(0)) waiting.reject(busy());
      await piscina.destroy();
    },
  };
}
