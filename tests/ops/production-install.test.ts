import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { A_NOMINATION } from '../helpers/journey.ts';
import { freePort, ROOT } from '../helpers/server.ts';

/**
 * A new user's install: the committed tree alone (`git archive HEAD`, nothing beside it), `npm ci --omit=dev`,
 * `npm start`. Two things broke it before: a run-time import of a devDependency, and a file read from outside
 * the repository (the OB 3.0 schema, silently skipped).
 */

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Every file under `dir` whose name ends with one of `exts`. */
function filesUnder(dir: string, exts: string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((file) => exts.some((ext) => file.endsWith(ext)) && statSync(file).isFile());
}

/** The package a bare import specifier names ('@scope/name/sub' → '@scope/name'), or null for a relative path or a builtin. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  return builtinModules.includes(name) ? null : name;
}

// Static imports and re-exports (a type-only one is erased at run time), dynamic imports and require.resolve.
const IMPORT = /^\s*(import|export)\s+(?!type\s)[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\b(?:import|require|require\.resolve)\(\s*['"`]([^'"`$]+)/g;

/** The packages the code that runs in production imports, each with the first file importing it. */
function runtimeImports(): Map<string, string> {
  const found = new Map<string, string>();
  const files = ['src', 'templates', 'migrations'].flatMap((dir) => filesUnder(join(ROOT, dir), ['.ts', '.tsx', '.js', '.mjs']));
  for (const file of files) {
    if (file.endsWith('.d.ts')) continue;
    const text = readFileSync(file, 'utf8');
    const specifiers = [...[...text.matchAll(IMPORT)].map((m) => m[2] ?? m[3]!), ...[...text.matchAll(DYNAMIC)].map((m) => m[1]!)];
    for (const specifier of specifiers) {
      const name = packageOf(specifier);
      if (name && !found.has(name)) found.set(name, relative(ROOT, file));
    }
  }
  return found;
}

describe('what a production install holds', () => {
  it('lists every package the server imports at run time in dependencies, tsx (which runs it) and the JSX runtime included', () => {
    const imports = runtimeImports();
    // The check reads real imports: these are known to be there, so an empty or broken scan fails here.
    expect([...imports.keys()]).toEqual(expect.arrayContaining(['hono', 'kysely', 'ajv', 'zod']));
    // A name built at run time (`@fontsource/${pkg}`) leaves only its scope: every installed package of that scope
    // may be loaded, so each must be a dependency.
    const names = [...imports].flatMap(
      ([name, file]): Array<[string, string]> =>
        name.endsWith('/') ? readdirSync(join(ROOT, 'node_modules', name)).map((sub) => [`${name}${sub}`, file]) : [[name, file]],
    );
    const missing = names.filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
    expect(pkg.dependencies).toHaveProperty('tsx'); // npm start runs the server through tsx
    expect(pkg.dependencies).toHaveProperty('hono'); // tsconfig's jsxImportSource, hono/jsx
  });

  it('reads nothing from outside the repository at run time', () => {
    const leaving: string[] = [];
    for (const file of filesUnder(join(ROOT, 'src'), ['.ts', '.tsx'])) {
      const text = readFileSync(file, 'utf8');
      // A path built from this file's URL that climbs above the repository's root, or a mention of ../shared.
      for (const m of text.matchAll(/new URL\(\s*['"`]((?:\.\.\/)+)/g)) {
        const depth = relative(ROOT, file).split('/').length - 1;
        if (m[1]!.length / 3 > depth) leaving.push(`${relative(ROOT, file)}: ${m[0]}`);
      }
      if (/\bshared\/ob\b/.test(text)) leaving.push(`${relative(ROOT, file)}: shared/ob`);
    }
    expect(leaving).toEqual([]);
  });
});

/** Runs a command to its end; resolves to its exit code and output. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Whether a command runs and exits 0. */
function works(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { cwd: ROOT, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Without npm, or git and a commit to archive, the install cannot be tried; CI must have them, so there it fails
// instead of skipping.
const tools = works('npm', ['--version']) && works('git', ['rev-parse', '--verify', 'HEAD']);
if (!tools) console.warn('SKIPPED: the production install test needs npm, and git with the repository’s history.');

const folder = mkdtempSync(join(tmpdir(), 'elan-install-'));
let server: ChildProcess | null = null;
afterAll(async () => {
  if (server?.pid && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    try {
      process.kill(-server.pid, 'SIGKILL'); // npm, tsx and node: the whole group
    } catch {
      // gone already
    }
    await exited;
  }
  rmSync(folder, { recursive: true, force: true });
});

describe('a new user installs Élan for production', () => {
  // npm ci compiles better-sqlite3 when no prebuilt binary can be fetched: minutes on a busy machine.
  // It installs on SQLite whatever the suite's database: the PostgreSQL pass (TEST_DATABASE_URL) leaves it to the
  // SQLite pass rather than install twice.
  it.skipIf((!tools && !process.env.CI) || Boolean(process.env.TEST_DATABASE_URL))(
    'runs npm ci --omit=dev && npm start from the committed tree alone, and /verify checks an issued OB 3.0 credential against the schema',
    { timeout: 600_000 },
    async () => {
      const app = join(folder, 'app');
      mkdirSync(app);
      execFileSync('sh', ['-c', `git -C "${ROOT}" archive HEAD | tar -x -C "${app}"`]);
      const install = await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], app, 540_000);
      expect(install.code, install.output).toBe(0);
      expect(readdirSync(join(app, 'node_modules'))).not.toContain('vitest');

      const port = await freePort();
      const url = `http://localhost:${port}`;
      const admin = { email: 'admin@example.org', password: 'a long enough secret' };
      let output = '';
      server = spawn('npm', ['start'], {
        cwd: app,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          PORT: String(port),
          DATABASE_URL: `sqlite:${join(folder, 'elan.db')}`,
          PUBLIC_URL: url,
          ELAN_ADMIN_EMAIL: admin.email,
          ELAN_ADMIN_PASSWORD: admin.password,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      server.stdout!.on('data', (chunk) => (output += chunk));
      server.stderr!.on('data', (chunk) => (output += chunk));
      // Bounded by tries, not by a clock: the server either answers or exits.
      for (let tries = 0; ; tries++) {
        expect(server.exitCode, `the server exited:\n${output}`).toBeNull();
        const health = await fetch(`${url}/healthz`).catch(() => null);
        if (health?.ok) break;
        expect(tries, `the server did not answer /healthz:\n${output}`).toBeLessThan(600);
        await new Promise((r) => setTimeout(r, 100));
      }

      const origin = { origin: url };
      const login = await fetch(`${url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...origin },
        body: new URLSearchParams(admin).toString(),
        redirect: 'manual',
      });
      expect(login.status).toBe(303);
      const cookie = `elan_session=${/elan_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1]}`;
      const asAdmin = (path: string, body: unknown) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, ...origin },
          body: JSON.stringify(body),
        });

      const workplace = await asAdmin('/api/v1/workplaces', { name: 'Café Rouge', slug: 'cafe-rouge', city: 'Montréal' });
      expect(workplace.status).toBe(201);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const nominated = await fetch(`${url}/api/v1/nominations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...A_NOMINATION, momentDate: yesterday }),
      });
      expect(nominated.status, await nominated.clone().text()).toBe(201);
      const { id: nominationId } = (await nominated.json()) as { id: string };
      const approved = await asAdmin(`/api/v1/nominations/${nominationId}/approve`, {});
      expect(approved.status).toBe(200);
      const { award } = (await approved.json()) as { award: { id: string; claimUrl: string } };
      const claimed = await fetch(`${url}/api/v1/claims/${award.claimUrl.split('/').pop()}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'zoe.martin@example.org', publicPage: true, showStory: true, lang: 'fr' }),
      });
      expect(claimed.status, await claimed.clone().text()).toBe(200);

      const credential = await (await fetch(`${url}/ob3/credentials/${award.id}`)).json();
      const verified = await fetch(`${url}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        body: JSON.stringify({ credential }),
      });
      expect(verified.status).toBe(200);
      const result = (await verified.json()) as { valid: boolean; checks: Array<{ name: string; ok: boolean; message: string }> };
      const schema = result.checks.find((c) => c.name === 'ob3.schema');
      expect(schema, JSON.stringify(result.checks)).toMatchObject({ ok: true, message: expect.stringMatching(/matches the official/i) });
      expect(schema!.message).not.toMatch(/not available/);
      expect(result.valid).toBe(true);
    },
  );
});
