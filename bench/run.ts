import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeMachine, renderTable } from './lib/report.ts';
import type { BenchSettings, Row } from './lib/section.ts';
import { sections } from './sections/index.ts';

// `npm run bench` runs every section; `npm run bench -- nominations` only the named ones.
// BENCH_SECONDS shortens a run for a quick try; BENCH_CPU_PROF=<folder> profiles the Élan server;
// BENCH_DATABASE_URL=postgres://… measures on PostgreSQL too, each section in a schema of its own.

function readSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const seconds = Number(env.BENCH_SECONDS ?? 10);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`BENCH_SECONDS must be a positive number of seconds, not ${env.BENCH_SECONDS}`);
  const cpuProfileDir = env.BENCH_CPU_PROF ? resolve(env.BENCH_CPU_PROF) : null;
  if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });
  return {
    seconds,
    warmupSeconds: seconds >= 10 ? 2 : 1,
    connections: 32,
    cpuProfileDir,
    postgresUrl: env.BENCH_DATABASE_URL || null,
    progress: (message) => process.stderr.write(`… ${message}\n`),
  };
}

/** Where PostgreSQL runs: host and database, never the credentials. */
function describePostgres(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

async function main(): Promise<void> {
  const started = new Date();
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !sections.some((section) => section.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`No bench section named ${unknown.join(', ')}. Sections: ${sections.map((s) => s.name).join(', ')}\n`);
    process.exit(2);
  }
  const chosen = names.length > 0 ? sections.filter((section) => names.includes(section.name)) : sections;
  const settings = readSettings(process.env);

  const rows: Row[] = [];
  const failed: string[] = [];
  for (const section of chosen) {
    try {
      rows.push(...(await section.run(settings)));
    } catch (error) {
      // One broken section should not hide the figures of the others.
      failed.push(section.name);
      process.stderr.write(`bench section ${section.name} failed: ${(error as Error).stack ?? error}\n`);
    }
  }

  process.stdout.write(
    [
      `Élan benchmark: ${describeMachine(started)}`,
      `${settings.connections} connections, ${settings.seconds} s per run after a ${settings.warmupSeconds} s warm-up; each server under test runs in a process of its own.`,
      settings.postgresUrl
        ? `PostgreSQL: ${describePostgres(settings.postgresUrl)}.`
        : 'PostgreSQL: not measured (set BENCH_DATABASE_URL=postgres://… for its rows).',
      '',
      renderTable(rows),
      '',
    ].join('\n'),
  );
  if (settings.cpuProfileDir) process.stdout.write(`CPU profiles of the Élan server are in ${settings.cpuProfileDir}\n`);
  if (failed.length > 0) {
    process.stderr.write(`failed sections: ${failed.join(', ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
