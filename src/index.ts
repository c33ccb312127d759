import cluster, { type Worker } from 'node:cluster';
import { serve } from '@hono/node-server';
import { createApp } from './app.tsx';
import { bootstrapAdmin } from './auth/auth-service.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type AppContext, createAppContext } from './context.ts';

// Wires config → context → server. With WORKERS=1 one process does everything. With WORKERS=N the
// primary migrates, bootstraps the admin and runs the mailer's timer, then forks N workers that each
// build their own context and serve the same port (node:cluster hands connections round-robin).

const SHUTDOWN_GRACE_MS = 10_000;
// A replacement that keeps dying before it listens (the database down, say) is forked again after
// a wait that doubles each time, so a crash loop does not spin the machine.
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;

async function main(): Promise<void> {
  const config = readConfig();
  if (cluster.isWorker) return runWorker(config);
  if (config.workers > 1) return runPrimary(config);
  return runSingle(config);
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Connects, migrates, and makes sure there is an admin (or prints the one-time setup link). */
async function prepare(config: Config): Promise<AppContext> {
  const ctx = await createAppContext(config);
  const admin = await bootstrapAdmin(ctx);
  if (admin && 'setupUrl' in admin) {
    process.stdout.write(`\nNo administrator yet. Open this one-time link to create one (valid 7 days):\n  ${admin.setupUrl}\n\n`);
  } else if (admin) {
    ctx.logger.info('created the issuer admin from ELAN_ADMIN_EMAIL', { email: config.adminEmail });
  }
  return ctx;
}

async function runSingle(config: Config): Promise<void> {
  const ctx = await prepare(config);
  ctx.mailer.start();
  serveUntilSignal(ctx);
}

async function runWorker(config: Config): Promise<void> {
  // The primary has migrated already: this finds nothing to do. The mailer's timer runs in the
  // primary; requests here still nudge this process's mailer, and the outbox's claims keep two
  // processes from sending the same message.
  const ctx = await createAppContext(config);
  serveUntilSignal(ctx);
}

/** Serves the app on the configured port until SIGTERM or SIGINT, then closes and exits 0. */
function serveUntilSignal(ctx: AppContext): void {
  const app = createApp(ctx);
  const server = serve({ fetch: app.fetch, port: ctx.config.port }, (info) => {
    ctx.logger.info(`Élan is listening on ${ctx.config.publicUrl}`, {
      port: info.port,
      db: ctx.dialect,
      pid: process.pid,
      ...(cluster.isWorker ? { worker: cluster.worker!.id } : {}),
    });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info('shutting down', { signal, pid: process.pid });
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(async () => {
      await ctx.destroy();
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function runPrimary(config: Config): Promise<void> {
  const ctx = await prepare(config);
  ctx.mailer.start();
  const { logger } = ctx;

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

main().catch((error) => {
  process.stderr.write(`Élan could not start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
