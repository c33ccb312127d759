import cluster from 'node:cluster';
import { createApp } from './app.tsx';
import { bootstrapAdmin } from './auth/auth-service.ts';
import { runPrimary, SHUTDOWN_GRACE_MS } from './cluster.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type AppContext, createAppContext } from './context.ts';
import { serveApp } from './http/serve.ts';

// Wires config → context → server. With WORKERS=1 one process does everything. With WORKERS=N the
// primary migrates, bootstraps the admin and runs the mailer's timer, then forks N workers that each
// build their own context and serve the same port (node:cluster hands connections round-robin).

async function main(): Promise<void> {
  const config = readConfig();
  if (cluster.isWorker) return runWorker(config);
  if (config.workers > 1) return runPrimary(await prepare(config));
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
  const server = serveApp({ fetch: app.fetch, port: ctx.config.port }, (info) => {
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

main().catch((error) => {
  process.stderr.write(`Élan could not start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
