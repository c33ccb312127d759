import { addWorkplaceWithManager, claimedAwardThroughApi } from '../lib/awards.ts';
import { type ChildServer, startChildServer } from '../lib/child-server.ts';
import { type CorePlan, separateCores } from '../lib/cores.ts';
import { type ElanServer, startElan } from '../lib/elan-server.ts';
import { describeStatuses, type LoadRequest, loadServer, type MeasuredLoad } from '../lib/load.ts';
import { type BenchSettings, formatNumber, type Row, type Section, shareOfCeiling } from '../lib/section.ts';

// Serving what a claimed award publishes, read by every visitor of its page and every verifier:
// the stored badge image and the hosted Open Badges 2.0 assertion. Each next to a bare Hono handler
// answering a fixed body of the same size, measured in the same run. The load generator's cost does
// not depend on the bytes of a body (http-load.ts), so a fixed body stands for the real one.

const LD_JSON = 'application/ld+json';
// Some time for the images rendered after the approval to be stored.
const IMAGE_STORED_TIMEOUT_MS = 60_000;

type Served = {
  /** What is served, in a few words. */
  label: string;
  /** The route, as the table names it. */
  route: string;
  /** The share of the ceiling it must reach. */
  share: number;
  /** What the note says of it. */
  description: string;
  /** The request that loads Élan. */
  elan: LoadRequest;
  /** The request that loads the bare-Hono server: a fixed body of the same size. */
  ceiling: (bareUrl: string) => LoadRequest;
};

async function fetchOk(url: string, headers: Record<string, string> = {}): Promise<{ headers: Headers; bytes: Uint8Array }> {
  const res = await fetch(url, { headers });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`GET ${url}: expected 200, got ${res.status}: ${new TextDecoder().decode(bytes.slice(0, 500))}`);
  return { headers: res.headers, bytes };
}

/** Waits for the badge rendered after the approval to be stored; returns its content hash. */
async function storedBadgeHash(elan: ElanServer, awardId: string): Promise<string> {
  const deadline = Date.now() + IMAGE_STORED_TIMEOUT_MS;
  for (;;) {
    const image = await elan.query((db) =>
      db
        .selectFrom('badge_images')
        .select('content_hash')
        .where('award_id', '=', awardId)
        .where('kind', '=', 'badge')
        .where('lang', '=', 'fr')
        .executeTakeFirst(),
    );
    if (image) return image.content_hash;
    if (Date.now() > deadline)
      throw new Error(
        `the badge of award ${awardId} was not stored ${IMAGE_STORED_TIMEOUT_MS / 1000} s after its approval:\n${elan.output()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The two documents of one claimed award, each checked to be what a visitor gets. */
async function servedOf(elan: ElanServer, awardId: string): Promise<Served[]> {
  const imagePath = `/b/${awardId}/image.png`;
  const hash = await storedBadgeHash(elan, awardId);
  const image = await fetchOk(`${elan.url}${imagePath}`);
  if (image.headers.get('etag') !== `"${hash}"` || image.headers.get('content-type') !== 'image/png') {
    throw new Error(`${imagePath} did not serve the stored badge (ETag ${image.headers.get('etag')}, stored ${hash})`);
  }

  const assertionPath = `/ob2/assertions/${awardId}`;
  const assertion = await fetchOk(`${elan.url}${assertionPath}`, { accept: LD_JSON });
  const document = JSON.parse(new TextDecoder().decode(assertion.bytes)) as { type?: unknown; id?: unknown };
  if (document.type !== 'Assertion' || typeof document.id !== 'string' || !document.id.endsWith(assertionPath)) {
    throw new Error(`${assertionPath} did not serve the award's assertion: ${JSON.stringify(document).slice(0, 300)}`);
  }

  return [
    {
      label: 'badge image',
      route: 'GET /b/:id/image.png',
      share: 0.5,
      description: `the stored ${formatNumber(image.bytes.byteLength)}-byte PNG of a claimed award (ETag, immutable): the award's revision read from the database on each request (its state and the image's content hash read again only once the revision moved on), the bytes from the process's cache keyed by that hash`,
      elan: { url: `${elan.url}${imagePath}` },
      ceiling: (bareUrl) => ({ url: `${bareUrl}/bytes/${image.bytes.byteLength}` }),
    },
    {
      label: 'OB 2.0 assertion',
      route: 'GET /ob2/assertions/:id',
      share: 0.4,
      description: `the hosted assertion of a claimed award (${formatNumber(assertion.bytes.byteLength)} bytes of JSON-LD; the award's revision read from the database on each request, the text made again from its rows only once the revision moved on), asked with Accept: ${LD_JSON}`,
      elan: { url: `${elan.url}${assertionPath}`, headers: { accept: LD_JSON } },
      ceiling: (bareUrl) => ({ url: `${bareUrl}/json/${assertion.bytes.byteLength}`, headers: { accept: LD_JSON } }),
    },
  ];
}

async function measureCeilings(settings: BenchSettings, served: readonly Served[], cores: CorePlan | null): Promise<MeasuredLoad[]> {
  const bare: ChildServer = await startChildServer('bench/servers/bare-hono.ts', { cores: cores?.server });
  try {
    const results: MeasuredLoad[] = [];
    for (const item of served) {
      settings.progress(`serving: bare Hono ceiling for the ${item.label}, ${settings.seconds} s`);
      results.push(await loadServer(settings, bare, item.ceiling(bare.url)));
    }
    return results;
  } finally {
    await bare.stop();
  }
}

/** Where the processes ran, for the note. */
function placement(cores: CorePlan | null): string {
  return cores
    ? `the load generator pinned to core ${cores.client}, each server to core ${cores.server}`
    : 'the processes placed by the scheduler (fewer than two cores, or no taskset)';
}

function servedRow(item: Served, result: MeasuredLoad, ceiling: MeasuredLoad, cores: CorePlan | null): Row {
  const perSecond = result.ratePerSecond(200);
  const ceilingPerSecond = ceiling.ratePerSecond(200);
  const cpu =
    result.cpuMsPerRequest === null
      ? ''
      : `, server CPU ${formatNumber(result.cpuMsPerRequest)} ms per request (bare Hono ${formatNumber(ceiling.cpuMsPerRequest ?? Number.NaN)} ms)`;
  return {
    name: `${item.label} served (${item.route}, SQLite)`,
    figure: perSecond,
    unit: 'requests/s',
    ceiling: ceilingPerSecond,
    target:
      result.failures > 0
        ? { label: `≥ ${Math.round(item.share * 100)} % of ceiling, all 200`, met: false, miss: 'failed' }
        : shareOfCeiling(perSecond, ceilingPerSecond, item.share),
    note: `${item.label}: ${item.description}; ${formatNumber((100 * perSecond) / ceilingPerSecond)} % of the bare-Hono handler answering a fixed body of the same size; latency p50 ${formatNumber(result.p50Ms)} ms, p99 ${formatNumber(result.p99Ms)} ms${cpu}; answers ${describeStatuses(result.statuses, result.errors)}; ${placement(cores)}.`,
  };
}

/** Starts Élan on a claimed award and measures what it serves against the ceiling, on the cores planned. */
async function measureServing(settings: BenchSettings, cores: CorePlan | null): Promise<Row[]> {
  let managerCookie = '';
  const elan = await startElan(settings, {
    setup: async (db) => {
      managerCookie = (await addWorkplaceWithManager(db)).managerCookie;
    },
    cores: cores?.server,
  });
  try {
    settings.progress('serving: a customer nominates, the manager approves, the employee claims (through the API)');
    const awardId = await claimedAwardThroughApi(elan.url, managerCookie);
    const served = await servedOf(elan, awardId);
    const ceilings = await measureCeilings(settings, served, cores);
    const rows: Row[] = [];
    for (const [i, item] of served.entries()) {
      settings.progress(`serving: Élan, the ${item.label}, ${settings.seconds} s`);
      rows.push(servedRow(item, await loadServer(settings, elan, item.elan), ceilings[i]!, cores));
    }
    return rows;
  } finally {
    await elan.remove();
  }
}

/** Requests per second for a claimed award's badge image and hosted assertion, next to the bare-Hono ceiling. */
export const serving: Section = {
  name: 'serving',
  async run(settings) {
    const cores = separateCores();
    try {
      return await measureServing(settings, cores);
    } finally {
      cores?.restore();
    }
  },
};
