import { availableParallelism } from 'node:os';
import type { BadgeInput } from '../../src/badges/render.ts';
import { createWorkPool } from '../../src/pool/work-pool.ts';
import { NAMES } from '../../tests/badges/names.ts';

// Draws badges and share cards in a process of its own, on the pool of worker threads as the server does, and
// prints what it measured as one JSON line on stdout, so the bench's own memory and warm caches count for nothing
// (bench/sections/badges.ts). The threads live in this process: its resident memory counts them.
//   timings <n>  after one warm-up pass over every name, n badges then n share cards, each timed (ms)
//   memory <n>   n images in a fresh process, each award's badge then its card, then the resident memory

// Sized as the server sizes it by default (RENDER_THREADS: the cores less one), and never in the way.
const pool = createWorkPool({ threads: Math.max(1, availableParallelism() - 1), deadlineMs: 600_000, maxQueue: 1_000_000 });
const renderBadgePng = (input: BadgeInput) => pool.draw({ kind: 'badge', input });
const renderShareCardPng = (input: BadgeInput & { quote: string }) => pool.draw({ kind: 'card', input });

// The default categories, with their French names as the migration seeds them.
const CATEGORIES: readonly (readonly [slug: string, name: string])[] = [
  ['presence', 'Présence'],
  ['relational', 'Relationnel'],
  ['recovery', 'Rattrapage'],
  ['initiative', 'Initiative'],
  ['partnership', 'Partenariat'],
  ['elan', 'Élan'],
];
const STORY = 'Elle a pris le temps de m’expliquer chaque café, sans jamais me presser, et elle a souri du début à la fin.';

/** The `i`th award: names in turn, and each name through every category as i grows. */
function award(i: number): BadgeInput & { quote: string } {
  const [categorySlug, categoryName] = CATEGORIES[Math.floor(i / NAMES.length) % CATEGORIES.length]!;
  return {
    categorySlug,
    categoryName,
    firstName: NAMES[i % NAMES.length]!,
    workplaceName: 'Café du Banc',
    momentDate: '2026-11-20',
    issuerName: 'Élan',
    lang: 'fr',
    // The heavier card: the employee and the customer both let the story show.
    quote: STORY,
  };
}

async function timed(draw: () => Promise<Uint8Array>): Promise<number> {
  const started = performance.now();
  await draw();
  return performance.now() - started;
}

/** Warm (fonts of every script loaded, every category's decor drawn), then each render timed one after another. */
async function timings(count: number) {
  for (let i = 0; i < NAMES.length * CATEGORIES.length; i++) {
    await renderBadgePng(award(i));
    await renderShareCardPng(award(i));
  }
  const badge: number[] = [];
  for (let i = 0; i < count; i++) badge.push(await timed(() => renderBadgePng(award(i))));
  const card: number[] = [];
  for (let i = 0; i < count; i++) card.push(await timed(() => renderShareCardPng(award(i))));
  return { badgeMs: badge, cardMs: card };
}

/** As a server does on approval: each award's badge, then its card, until `count` images are drawn. */
async function memory(count: number) {
  const before = process.memoryUsage.rss();
  const started = performance.now();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const input = award(Math.floor(i / 2));
    bytes += (i % 2 === 0 ? await renderBadgePng(input) : await renderShareCardPng(input)).byteLength;
  }
  const usage = process.memoryUsage();
  return {
    renders: count,
    seconds: (performance.now() - started) / 1000,
    pngBytes: bytes,
    /** Before the first render: Node, tsx and the modules loaded. */
    rssBeforeBytes: before,
    rssBytes: usage.rss,
    // maxRSS is in KiB.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: usage.heapUsed,
    externalBytes: usage.external,
  };
}

const [mode, countText] = process.argv.slice(2);
const count = Number(countText);
if ((mode !== 'timings' && mode !== 'memory') || !Number.isSafeInteger(count) || count <= 0) {
  process.stderr.write('usage: badge-renders.ts timings|memory <count>\n');
  process.exit(2);
}
const result = mode === 'timings' ? await timings(count) : await memory(count);
await pool.destroy();
process.stdout.write(`${JSON.stringify(result)}\n`);
