import type { FontWeight, MeasureText } from '../src/badges/fonts.ts';
import { graphemesOf } from '../src/badges/scripts.ts';

export type FitOptions = {
  maxWidth: number;
  maxSize: number;
  /** Below this, a text that may take two lines wraps instead of shrinking further. */
  minSize: number;
  maxLines: 1 | 2;
  weight: FontWeight;
  /** Line height, as a multiple of the font size. */
  lineHeight: number;
  /** Height the lines may take in all. */
  maxHeight?: number;
  /** Letter spacing, in em. */
  letterSpacing?: number;
};

/** A text cut into lines, with the one font size that fits them all. */
export type FittedText = { lines: string[]; fontSize: number };

// Kerning is left out of the measure and Satori rounds line heights: a little room keeps every
// glyph inside the box.
const SAFETY = 1.04;

const CJK = /[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Hangul}]/u;

/**
 * The largest size at which a text fits its box: shrinks on one line down to minSize, then wraps on
 * two lines (at a space, after a hyphen, between two CJK characters, or for one long word in an
 * alphabet, hyphenated near its middle), and shrinks again if it must. Never clips: what cannot
 * wrap gets as small as it needs.
 */
export function fitText(text: string, options: FitOptions, measure: MeasureText): FittedText {
  const { maxWidth, maxSize, minSize, maxLines, weight, lineHeight } = options;
  const unitWidth = (line: string) => measure(line, 1, weight, options.letterSpacing ?? 0) * SAFETY;
  const heightCap = (lines: number) => (options.maxHeight ? options.maxHeight / (lineHeight * lines) : Number.POSITIVE_INFINITY);

  const single = Math.min(maxSize, maxWidth / Math.max(unitWidth(text), 1e-6), heightCap(1));
  if (single >= minSize || maxLines === 1) return { lines: [text], fontSize: Math.floor(single) };

  const split = bestSplit(text, unitWidth);
  if (!split) return { lines: [text], fontSize: Math.floor(single) };
  const double = Math.min(maxSize, maxWidth / split.width, heightCap(2));
  if (double <= single) return { lines: [text], fontSize: Math.floor(single) };
  return { lines: split.lines, fontSize: Math.floor(double) };
}

/** The two-line cut whose longer line is the shortest; breaks at a space are preferred to hyphens. */
function bestSplit(text: string, unitWidth: (line: string) => number): { lines: string[]; width: number } | undefined {
  const parts = graphemesOf(text);
  let best: { lines: string[]; width: number; score: number } | undefined;
  for (let i = 1; i < parts.length; i++) {
    const before = parts[i - 1]!;
    const after = parts[i]!;
    let first: string;
    let second: string;
    let penalty = 1;
    if (after === ' ') continue;
    if (before === ' ') {
      first = parts.slice(0, i - 1).join('');
      second = parts.slice(i).join('');
    } else if (before === '-' || before === '‐') {
      first = parts.slice(0, i).join('');
      second = parts.slice(i).join('');
      penalty = 1.05;
    } else if (CJK.test(before) && CJK.test(after)) {
      first = parts.slice(0, i).join('');
      second = parts.slice(i).join('');
    } else continue;
    first = first.trimEnd();
    if (!first || !second) continue;
    const width = Math.max(unitWidth(first), unitWidth(second));
    if (!best || width * penalty < best.score) best = { lines: [first, second], width, score: width * penalty };
  }
  if (best) return { lines: best.lines, width: best.width };
  return hyphenatedSplit(parts, unitWidth);
}

const ALPHABETIC = /^[\p{scx=Latin}\p{scx=Greek}\p{scx=Cyrillic}\p{M}'’]+$/u;

/**
 * The last resort for one long word in an alphabet (a name of thirty letters): cut it near its
 * middle with a hyphen, rather than draw it too small to read.
 */
function hyphenatedSplit(parts: string[], unitWidth: (line: string) => number): { lines: string[]; width: number } | undefined {
  if (parts.length < 8 || !ALPHABETIC.test(parts.join(''))) return undefined;
  let best: { lines: string[]; width: number } | undefined;
  for (let i = Math.ceil(parts.length / 3); i <= Math.floor((parts.length * 2) / 3); i++) {
    const lines = [`${parts.slice(0, i).join('')}-`, parts.slice(i).join('')];
    const width = Math.max(unitWidth(lines[0]!), unitWidth(lines[1]!));
    if (!best || width < best.width) best = { lines, width };
  }
  return best;
}
