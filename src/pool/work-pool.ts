import { Piscina } from 'piscina';
import { AppError } from '../lib/errors.ts';
import type { PoolTask } from './pool-tasks.ts';

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
export type WorkPool = {
  /** Draws a badge, a share card or a counter card on a worker thread. */
  draw: (task: PoolTask) => Promise<Uint8Array>;
  /** Waits for no task, ends the threads. */
  destroy: () => Promise<void>;
};

// Seconds a refused caller is told to wait: about what a full queue takes to drain.
const RETRY_AFTER_SECONDS = '2';

/** Makes the pool; a thread starts with its first task, loads the drawing engine once, and stays. */
export function createWorkPool(options: WorkPoolOptions): WorkPool {
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
  });
  const busy = () => new AppError('busy', 503, 'error.busy', undefined, { 'Retry-After': RETRY_AFTER_SECONDS });
  return {
    async draw(task) {
      // Refused before it is queued, so a burst past the bound costs the server nothing.
      if (piscina.queueSize >= options.maxQueue) throw busy();
      try {
        return (await piscina.run(task, { signal: AbortSignal.timeout(options.deadlineMs) })) as Uint8Array;
      } catch (error) {
        // Past its deadline: piscina ended the thread that ran it and starts another.
        if ((error as Error)?.name === 'AbortError') throw busy();
        throw error;
      }
    },
    destroy: () => piscina.destroy(),
  };
}
