import { serve } from '@hono/node-server';
import { createApp } from './app.tsx';
import { ConfigError, loadConfig } from './config.ts';
import { bootstrapAdmin } from './auth/auth-service.ts';
import { createAppContext } from './context.ts';

// Wires config → context → server, and shuts down cleanly on SIGTERM or SIGINT.
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const ctx = await createAppContext(config);
  const admin = await bootstrapAdmin(ctx);
  if (admin && 'setupUrl' in admin) {
    process.stdout.write(`\nNo administrator yet. Open this one-time link to create one (valid 7 days):\n  ${admin.setupUrl}\n\n`);
  } else if (admin) {
    ctx.logger.info('created the issuer admin from ELAN_ADMIN_EMAIL', { email: config.adminEmail });
  }
  const app = createApp(ctx);
  ctx.mailer.start();
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    ctx.logger.info(`Élan is listening on ${config.publicUrl}`, { port: info.port, db: ctx.dialect });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
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
