import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { connectDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { newId } from '../../src/lib/ids.ts';
import { insertWorkplace } from '../../src/workplaces/workplace-queries.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Node flags `npm start` gives the server: what package.json's start script puts between `tsx`
 * and `src/index.ts` (`--no-memory-reducer`, see the README's Configuration). Servers started here
 * and by the bench run with the same ones.
 */
export const START_FLAGS: readonly string[] = (() => {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const match = /^tsx((?: --[\w-]+(?:=\S+)?)*) src\/index\.ts$/.exec(start);
  if (!match) throw new Error(`package.json's start script is not "tsx [--flags] src/index.ts": ${start}`);
  return match[1]!.split(' ').filter(Boolean);
})();

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export type RunningServer = {
  child: ChildProcess;
  /** The server's process id (the cluster primary when WORKERS > 1). */
  pid: number;
  port: number;
  url: string;
  output: () => string;
  /** Sends a signal to the server process and waits for it to exit; resolves to its exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  /** SIGKILLs the server and every process it started (workers included); safe to call twice. */
  kill: () => Promise<void>;
};

export type StartOptions = {
  /** Listen on this port rather than a fresh one (a restart on the same address). */
  port?: number;
  /** Milliseconds to wait for /healthz. */
  timeoutMs?: number;
};

/**
 * Starts `src/index.ts` as `npm start` would, and waits until /healthz answers. The server leads a
 * process group of its own, so `kill()` also reaches cluster workers; call it in an `afterEach`.
 */
export async function startServer(env: Record<string, string>, options: StartOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [...START_FLAGS, '--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = async () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    pid: child.pid!,
    port,
    url,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    kill,
  };
}

/** A live process's command line, one argument per item, from /proc. */
export function processArgs(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
}

/** The ids of the live processes whose parent is `pid` and whose command line holds `command`, if given. */
export function childPids(pid: number, command?: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    let commandLine: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      commandLine = processArgs(Number(entry)).join(' ');
    } catch {
      continue; // exited while we looked
    }
    // The command name in parentheses may hold spaces: the fields that follow come after the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(ppid) === pid && state !== 'Z' && (!command || commandLine.includes(command))) pids.push(Number(entry));
  }
  return pids.sort((a, b) => a - b);
}

export type ServerDatabase = {
  /** The DATABASE_URL to give a server process. */
  url: string;
  dialect: 'sqlite' | 'postgres';
  /** Runs `fn` over a connection of this process's own, beside the server's. */
  query: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>;
  /** Adds a listed workplace, as the admin's screens would. */
  addWorkplace: (slug: string) => Promise<void>;
  /** Deletes the database (the SQLite file, or the PostgreSQL schema). */
  remove: () => Promise<void>;
};

/**
 * A migrated database for server processes: a SQLite file in a temporary folder, or, when
 * TEST_DATABASE_URL is set (and `sqlite` is not asked for), a PostgreSQL schema of its own named in
 * the URL's search_path. It is migrated here because the server's migrator, given no schema, would
 * take another schema's migration table for its own.
 */
export async function createServerDatabase(options: { sqlite?: boolean } = {}): Promise<ServerDatabase> {
  const base = options.sqlite ? undefined : process.env.TEST_DATABASE_URL;
  const withWorkplaces = (database: Omit<ServerDatabase, 'addWorkplace'>): ServerDatabase => ({
    ...database,
    addWorkplace: (slug) => {
      const at = new Date().toISOString();
      return database.query((db) =>
        insertWorkplace(db, {
          id: newId(),
          slug,
          name: 'Café Rouge',
          city: 'Montréal',
          public_wall: 0,
          lang: 'fr',
          created_at: at,
          updated_at: at,
        }),
      );
    },
  });
  if (!base) {
    const dir = mkdtempSync(join(tmpdir(), 'elan-server-'));
    const url = `sqlite:${join(dir, 'elan.db')}`;
    const query = async <T>(fn: (db: Kysely<Database>) => Promise<T>) => {
      const handle = await connectDatabase(url);
      try {
        return await fn(handle.db);
      } finally {
        await handle.destroy();
      }
    };
    await query((db) => migrateToLatest(db));
    return withWorkplaces({ url, dialect: 'sqlite', query, remove: async () => rmSync(dir, { recursive: true, force: true }) });
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const query = async <T>(fn: (db: Kysely<Database>) => Promise<T>) => {
    const handle = await connectDatabase(base, { schema, poolSize: 2 });
    try {
      return await fn(handle.db);
    } finally {
      await handle.destroy();
    }
  };
  const remove = () => query(async (db) => void (await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db)));
  try {
    await query((db) => migrateToLatest(db, schema));
  } catch (error) {
    await remove();
    throw error;
  }
  return withWorkplaces({ url: url.toString(), dialect: 'postgres', query, remove });
}
