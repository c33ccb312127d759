import { START_FLAGS } from '../../tests/helpers/server.ts';
import { runChildScript } from '../lib/child-server.ts';
import { atMost, formatNumber, type Row, type Section, under } from '../lib/section.ts';
import { ascending, percentile } from '../lib/stats.ts';

// Drawing badge images (issue 4): the time of one badge and one share card once the renderer is
// warm, and the memory a process holds after a thousand images in twelve scripts, drawn on the pool of
// worker threads as the server draws them (issue 22). Both run in fresh processes
// (bench/probes/badge-renders.ts): the memory is then the renderer's and its threads' alone.

const PROBE = 'bench/probes/badge-renders.ts';
const TIMED_RENDERS = 200;
const MEMORY_RENDERS = 1_000;
const TARGET_BADGE_MEDIAN_MS = 20;
const TARGET_CARD_MEDIAN_MS = 40;
const TARGET_RSS_MB = 300;
const MB = 2 ** 20;

type Timings = { badgeMs: number[]; cardMs: number[] };
type Memory = {
  renders: number;
  seconds: number;
  pngBytes: number;
  rssBeforeBytes: number;
  rssBytes: number;
  peakRssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
};

/** The median (held to the target) and p95 of one kind of render. */
function timingRows(what: string, times: readonly number[], targetMs: number, note?: string): Row[] {
  const sorted = ascending(times);
  const median = percentile(sorted, 50);
  return [
    {
      name: `badges: ${what} render, median`,
      figure: median,
      unit: 'ms',
      ceiling: null,
      target: atMost(median, targetMs),
      ...(note ? { note } : {}),
    },
    { name: `badges: ${what} render, p95`, figure: percentile(sorted, 95), unit: 'ms', ceiling: null, target: null },
  ];
}

/** Badge and share-card render times, and the resident memory after a thousand renders. */
export const badges: Section = {
  name: 'badges',
  async run(settings) {
    settings.progress(`badges: ${TIMED_RENDERS} warm badge renders and ${TIMED_RENDERS} warm share-card renders, in a fresh process`);
    const timings = JSON.parse(await runChildScript(PROBE, ['timings', String(TIMED_RENDERS)], START_FLAGS)) as Timings;
    settings.progress(`badges: ${formatNumber(MEMORY_RENDERS)} renders in twelve scripts, in a fresh process`);
    const memory = JSON.parse(await runChildScript(PROBE, ['memory', String(MEMORY_RENDERS)], START_FLAGS)) as Memory;
    const rssMb = memory.rssBytes / MB;
    const mb = (bytes: number) => `${formatNumber(bytes / MB)} MB`;
    return [
      ...timingRows(
        'badge (600 × 600)',
        timings.badgeMs,
        TARGET_BADGE_MEDIAN_MS,
        `badge and share-card renders: ${TIMED_RENDERS} of each, one after another in a process of their own, on its pool of worker threads (sized as the server's, the cores less one), each time counting the hop to the thread and back; after one warm-up pass over the twelve names in all six categories (fonts loaded, decors drawn); the names, in twelve scripts, take turns, and each card quotes the story. Satori → resvg → PNG, as the server draws them at approval.`,
      ),
      ...timingRows('share card (1200 × 630)', timings.cardMs, TARGET_CARD_MEDIAN_MS),
      {
        name: `badges: resident memory after ${formatNumber(memory.renders)} renders`,
        figure: rssMb,
        unit: 'MB',
        ceiling: null,
        target: under(rssMb, TARGET_RSS_MB),
        note: `badge memory: a fresh process drew, on its pool of worker threads (whose memory is the process's), ${formatNumber(memory.renders)} images (each award's badge then its share card, names in Latin with accents, Vietnamese, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Chinese, Japanese and Korean) in ${formatNumber(memory.seconds)} s; RSS ${mb(memory.rssBeforeBytes)} before the first, ${mb(memory.rssBytes)} after the last (peak ${mb(memory.peakRssBytes)}), of which JS heap ${mb(memory.heapUsedBytes)} and buffers outside it ${mb(memory.externalBytes)}.`,
      },
    ];
  },
};
