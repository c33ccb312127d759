import cluster, { type Worker } from 'node:cluster';
import type { AppContext } from './context.ts';

/** How long a stopping process waits for open requests before it exits anyway. */
export const SHUTDOWN_GRACE_MS = 10_000;
// A replacement that keeps dying before it listens (the database down, say) is forked again after
// a wait that doubles each time, so a crash loop does not spin the machine.
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The primary of WORKERS processes: it has migrated and runs the mailer's timer; it forks the workers, replaces one
 * that dies (waiting longer each time one dies before listening) and stops them all on SIGTERM or SIGINT.
 */
export function runPrimary(ctx: AppContext): void {
  const { config, logger } = ctx;
  ctx.mailer.start();

  let stopping = false;
  let started = false;
  let restartDelay = FIRST_RESTART_DELAY_MS;
  const listening = new Set<Worker>();

  const stopAll = (signal: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down the workers', { signal });
    const force = setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    const finish = async () => {
      await ctx.destroy();
      process.exit(exitCode);
    };
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    if (alive.length === 0) return void finish();
    let remaining = alive.length;
    for (const worker of alive) {
      worker.once('exit', () => {
        if (--remaining === 0) void finish();
      });
      worker.process.kill('SIGTERM');
    }
  };

  cluster.on('listening', (worker) => {
    listening.add(worker);
    restartDelay = FIRST_RESTART_DELAY_MS;
    if (!started && listening.size === config.workers) {
      started = true;
      logger.info(`Élan is listening on ${config.publicUrl}`, {
        port: config.port,
        db: ctx.dialect,
        workers: config.workers,
        pid: process.pid,
      });
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    const hadListened = listening.delete(worker);
    if (stopping) return;
    if (!started) {
      // A worker that cannot start while the primary just could means the same fault will stop
      // every worker: fail the start as a single process would.
      process.stderr.write(`Élan could not start: worker ${worker.process.pid} exited (${signal ?? code}) before listening\n`);
      stopAll('startup failure', 1);
      return;
    }
    const delay = hadListened ? 0 : restartDelay;
    if (!hadListened) restartDelay = Math.min(restartDelay * 2, MAX_RESTART_DELAY_MS);
    logger.error('a worker died; starting another', { pid: worker.process.pid, code, signal, inMs: delay });
    setTimeout(() => {
      if (!stopping) cluster.fork();
    }, delay);
  });

  process.on('SIGTERM', () => stopAll('SIGTERM', 0));
  process.on('SIGINT', () => stopAll('SIGINT', 0));
  for (let i = 0; i < config.workers; i++) cluster.fork();
}
