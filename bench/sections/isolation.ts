import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compressedItxt, rewrite, zlibBomb } from '../../tests/fuzz/png-bombs.ts';
import { addWorkplaceWithManager, claimedAwardThroughApi } from '../lib/awards.ts';
import { type ElanServer, startElan } from '../lib/elan-server.ts';
import { nominationRequest } from '../lib/nominations.ts';
import { atMost, type BenchSettings, formatNumber, type Row, type Section } from '../lib/section.ts';
import { percentile } from '../lib/stats.ts';

// Issue 22's isolation: while heavy and hostile work arrives, do the cheap answers stay quick? A client sends
// /verify its worst inputs in a loop, 32 clients open share cards a claim has just made stale, and approvals
// land twenty at a time with their drawings; meanwhile a probe asks GET /healthz and the hosted assertion, one
// request at a time, and the same probe runs first on the idle server.

const TARGET_P99_MS = 50;
const CARD_CLIENTS = 32;
const APPROVALS_AT_ONCE = 20;

type Probe = { health: number[]; assertion: number[] };

/** Asks /healthz and the assertion in turn, one request at a time, until `stop` says so. */
async function probe(baseUrl: string, assertionPath: string, stop: () => boolean): Promise<Probe> {
  const times: Probe = { health: [], assertion: [] };
  const timed = async (path: string, into: number[], headers: Record<string, string> = {}) => {
    const started = performance.now();
    const res = await fetch(`${baseUrl}${path}`, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    into.push(performance.now() - started);
  };
  while (!stop()) {
    await timed('/healthz', times.health);
    await timed(assertionPath, times.assertion, { accept: 'application/ld+json' });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return times;
}

type LoopDelay = { p50: number; p99: number; max: number; samples: number };

/** The server's event-loop delay since the last reading (bench/probes/event-loop-delay.ts), which starts a new one. */
async function readLoopDelay(elan: ElanServer, file: string): Promise<LoopDelay> {
  rmSync(file, { force: true });
  elan.signal('SIGUSR2');
  for (const deadline = performance.now() + 10_000; performance.now() < deadline; ) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LoopDelay;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the server did not report its event-loop delay');
}

const p99 = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    99,
  );

async function post(url: string, init: RequestInit): Promise<number> {
  const res = await fetch(url, { method: 'POST', ...init });
  await res.arrayBuffer();
  return res.status;
}

/** Nominations approved by the manager, not claimed: each one's claim token. */
async function approvedAwards(baseUrl: string, managerCookie: string, count: number, approve: boolean): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const nomination = nominationRequest(baseUrl);
    const res = await fetch(nomination.url, nomination);
    if (res.status !== 201) throw new Error(`nominate: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as { id: string }).id);
  }
  if (!approve) return ids;
  const tokens: string[] = [];
  for (const id of ids) {
    const res = await fetch(`${baseUrl}/api/v1/nominations/${id}/approve`, {
      method: 'POST',
      headers: { cookie: managerCookie, origin: baseUrl },
    });
    if (res.status !== 200) throw new Error(`approve: ${res.status} ${await res.text()}`);
    tokens.push(new URL(((await res.json()) as { award: { claimUrl: string } }).award.claimUrl).pathname.split('/').pop()!);
  }
  return tokens;
}

async function run(settings: BenchSettings): Promise<Row[]> {
  let managerCookie = '';
  const loopDelayFile = join(tmpdir(), `elan-bench-loop-delay-${process.pid}.json`);
  const elan = await startElan(settings, {
    env: { VERIFY_RATE_LIMIT: '1000000/minute', NOMINATION_RATE_LIMIT: '1000000/hour', ELAN_BENCH_LOOP_DELAY: loopDelayFile },
    imports: ['./bench/probes/event-loop-delay.ts'],
    setup: async (db) => {
      managerCookie = (await addWorkplaceWithManager(db)).managerCookie;
    },
  });
  try {
    const base = elan.url;
    settings.progress('isolation: making the awards the load works on');
    const awardId = await claimedAwardThroughApi(base, managerCookie);
    const assertionPath = `/ob2/assertions/${awardId}`;
    const genuine = (await (await fetch(`${base}/ob3/credentials/${awardId}`)).json()) as Record<string, unknown>;
    const evidence = Array.from({ length: 20_000 }, (_, i) => ({ id: `urn:e:${i}`, name: `E ${i}` }));
    const padded = JSON.stringify({ credential: { ...genuine, evidence: [...((genuine.evidence as unknown[]) ?? []), ...evidence] } });
    const baked = new Uint8Array(await (await fetch(`${base}/b/${awardId}/badge.png`)).arrayBuffer());
    const bomb = compressedItxt('openbadgecredential', await zlibBomb(1));
    const inflating = rewrite(baked, (chunks) => [...chunks.filter((c) => c.type !== 'iTXt').slice(0, -1), bomb, chunks.at(-1)!]);
    const claimTokens = await approvedAwards(base, managerCookie, 40, true);
    const toApprove = await approvedAwards(base, managerCookie, APPROVALS_AT_ONCE * 8, false);

    settings.progress(`isolation: the probe on the idle server, ${settings.seconds} s`);
    let until = performance.now() + settings.seconds * 1000;
    await readLoopDelay(elan, loopDelayFile);
    const idle = await probe(base, assertionPath, () => performance.now() > until);
    const idleDelay = await readLoopDelay(elan, loopDelayFile);

    settings.progress(`isolation: the probe under the three loads, ${settings.seconds} s`);
    until = performance.now() + settings.seconds * 1000;
    const running = () => performance.now() < until;
    const counts = { verify: new Map<number, number>(), cards: new Map<number, number>(), approvals: new Map<number, number>() };
    const count = (into: Map<number, number>, status: number) => into.set(status, (into.get(status) ?? 0) + 1);
    const verifier = (async () => {
      for (let i = 0; running(); i++) {
        if (i % 2 === 0) {
          count(counts.verify, await post(`${base}/api/v1/verify`, { headers: { 'content-type': 'application/json' }, body: padded }));
        } else {
          const form = new FormData();
          form.append('file', new File([inflating], 'badge.png', { type: 'image/png' }));
          count(counts.verify, await post(`${base}/api/v1/verify`, { body: form }));
        }
      }
    })();
    const cards = (async () => {
      for (const token of claimTokens) {
        if (!running()) break;
        const claimed = await fetch(`${base}/api/v1/claims/${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'zoe.martin@example.org', publicPage: true, showStory: true, lang: 'fr' }),
        });
        const { award } = (await claimed.json()) as { award: { id: string } };
        await Promise.all(
          Array.from({ length: CARD_CLIENTS }, async () => {
            const res = await fetch(`${base}/b/${award.id}/card.png`);
            await res.arrayBuffer();
            count(counts.cards, res.status);
          }),
        );
      }
    })();
    const approvals = (async () => {
      for (let batch = 0; running() && batch * APPROVALS_AT_ONCE < toApprove.length; batch++) {
        const ids = toApprove.slice(batch * APPROVALS_AT_ONCE, (batch + 1) * APPROVALS_AT_ONCE);
        await Promise.all(
          ids.map(async (id) =>
            count(
              counts.approvals,
              await post(`${base}/api/v1/nominations/${id}/approve`, { headers: { cookie: managerCookie, origin: base } }),
            ),
          ),
        );
        // The drawings run after each answer: give them the time they take before the next batch lands.
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    })();
    const loaded = await probe(base, assertionPath, () => !running());
    const loadedDelay = await readLoopDelay(elan, loopDelayFile);
    await Promise.all([verifier, cards, approvals]);

    const describe = (statuses: Map<number, number>) =>
      [...statuses].map(([status, n]) => `${status} × ${formatNumber(n)}`).join(', ') || 'none';
    const loadNote = `verify answers ${describe(counts.verify)}; share cards ${describe(counts.cards)}; approvals ${describe(counts.approvals)}`;
    return [
      {
        name: 'isolation: GET /healthz p99, under load (SQLite)',
        figure: p99(loaded.health),
        unit: 'ms',
        ceiling: null,
        target: atMost(p99(loaded.health), TARGET_P99_MS),
        note: `GET /healthz: p99 ${formatNumber(p99(idle.health))} ms idle (${formatNumber(idle.health.length)} requests), ${formatNumber(p99(loaded.health))} ms under load (${formatNumber(loaded.health.length)} requests, one at a time); the load: ${loadNote}.`,
      },
      {
        name: 'isolation: hosted assertion p99, under load (SQLite)',
        figure: p99(loaded.assertion),
        unit: 'ms',
        ceiling: null,
        target: atMost(p99(loaded.assertion), TARGET_P99_MS),
        note: `hosted assertion: p99 ${formatNumber(p99(idle.assertion))} ms idle, ${formatNumber(p99(loaded.assertion))} ms under the same load.`,
      },
      {
        name: 'isolation: event-loop delay p99, under load (SQLite)',
        figure: loadedDelay.p99,
        unit: 'ms',
        ceiling: null,
        target: null,
        note: `the server's event-loop delay (monitorEventLoopDelay, 10 ms resolution, read by a probe loaded into it): p99 ${formatNumber(idleDelay.p99)} ms idle, ${formatNumber(loadedDelay.p99)} ms under the load (max ${formatNumber(loadedDelay.max)} ms).`,
      },
    ];
  } finally {
    await elan.remove();
  }
}

/** `npm run bench -- isolation`. */
export const isolation: Section = { name: 'isolation', run };
