import satori from 'satori';
import { describe, expect, it } from 'vitest';
import { baseFonts, loadAdditionalAsset, missingGlyphs, textMeasurer } from '../../src/badges/fonts.ts';
import { type BadgeInput, renderBadgePng, renderShareCardPng } from '../../src/badges/render.ts';
import { BADGE_FACE, INK } from '../../templates/badge-layout.ts';
import { fitText } from '../../templates/fit-text.ts';
import { badgeTemplateFor } from '../../templates/index.ts';
import { NAMES } from './names.ts';
import { inkBounds, keep, pngHeader } from './png-tools.ts';

const SLUGS = ['presence', 'relational', 'recovery', 'initiative', 'partnership', 'elan'];

const award = (firstName: string, i = 0, workplaceName = 'Café Rouge'): BadgeInput => ({
  categorySlug: SLUGS[i % SLUGS.length]!,
  categoryName: 'Présence',
  firstName,
  workplaceName,
  momentDate: '2026-11-20',
  issuerName: 'Service Plus Formation',
  lang: 'fr',
});

/** The SVG Satori makes of a badge's texts, as the renderer draws them. */
async function textsSvg(input: BadgeInput): Promise<string> {
  const template = badgeTemplateFor(input.categorySlug);
  const measure = await textMeasurer([input.firstName, input.categoryName.toLocaleUpperCase('fr'), input.workplaceName, input.issuerName]);
  return satori(template.content(input, measure), { width: 600, height: 600, fonts: await baseFonts(), loadAdditionalAsset });
}

/** Whether a box lies inside the face of the medallion (its four corners do). */
function insideFace(box: { left: number; right: number; top: number; bottom: number }): boolean {
  return [
    [box.left, box.top],
    [box.right, box.top],
    [box.left, box.bottom],
    [box.right, box.bottom],
  ].every(([x, y]) => Math.hypot(x! - BADGE_FACE.x, y! - BADGE_FACE.y) <= BADGE_FACE.radius);
}

/** Each letter's outline in a glyph run (one contour a letter for the names tested), left to right. */
function outlines(svg: string, fill: string): { left: number; right: number; top: number; bottom: number }[] {
  const path = [...svg.matchAll(/<path\b([^>]*)\/?>/g)].map((m) => m[1]!).find((a) => a.includes(`fill="${fill}"`))!;
  return /\bd="([^"]*)"/
    .exec(path)![1]!
    .split(/(?=M)/)
    .map((contour) => {
      const n = contour.match(/-?\d*\.?\d+/g)!.map(Number);
      const xs = n.filter((_, i) => i % 2 === 0);
      const ys = n.filter((_, i) => i % 2 === 1);
      return { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
    })
    .sort((a, b) => a.left - b.left);
}

// Each test draws a fixed amount (one badge, or one card) but loads the fonts of a script the first time, which on
// a busy machine took longer than the default 20 s; the work is bounded, so the limit only has to catch a hang.
describe('an employee’s first name, in any common script', { timeout: 120_000 }, () => {
  NAMES.forEach((name, i) => {
    it(`${name}: has a glyph for every letter, and is drawn whole inside the badge’s face`, async () => {
      expect(await missingGlyphs(name)).toEqual([]);

      const png = await renderBadgePng(award(name, i));
      keep(`name-${String(i + 1).padStart(2, '0')}`, png);
      expect(pngHeader(png)).toMatchObject({ width: 600, height: 600 });

      const ink = inkBounds(await textsSvg(award(name, i)), INK);
      expect(ink).toBeDefined();
      expect(insideFace(ink!)).toBe(true);
    });
  });

  it('a long name shrinks, then wraps on two lines, and keeps every letter', async () => {
    const measure = await textMeasurer(['Marie-Ève Tremblay-Côté de la Montagne']);
    const fitted = fitText(
      'Marie-Ève Tremblay-Côté de la Montagne',
      { maxWidth: 350, maxSize: 74, minSize: 42, maxLines: 2, weight: 700, lineHeight: 1.12, maxHeight: 140 },
      measure,
    );
    expect(fitted.lines).toEqual(['Marie-Ève Tremblay-', 'Côté de la Montagne']);
    expect(fitted.fontSize).toBeGreaterThanOrEqual(30);
    expect(Math.max(...fitted.lines.map((line) => measure(line, fitted.fontSize, 700)))).toBeLessThanOrEqual(350);
  });

  it('a short name is not wrapped', async () => {
    const measure = await textMeasurer(['Zoë']);
    expect(fitText('Zoë', { maxWidth: 350, maxSize: 74, minSize: 42, maxLines: 2, weight: 700, lineHeight: 1.12 }, measure)).toEqual({
      lines: ['Zoë'],
      fontSize: 74,
    });
  });

  it('a long workplace name wraps inside the face too', async () => {
    const svg = await textsSvg(award('Zoë', 0, 'Pharmacie Jean Coutu de la Place Versailles'));
    // The workplace is written above the name, in the category's deep colour, like the date below the ribbon.
    const deep = badgeTemplateFor('presence').design.palette.deep;
    const above = inkBounds(svg, deep, (_x, y) => y < BADGE_FACE.y);
    expect(above).toBeDefined();
    expect(insideFace(above!)).toBe(true);
  });

  it('a Hebrew name reads from the right: in יעל the yod is the rightmost letter, the lamed the leftmost', async () => {
    const letters = outlines(await textsSvg(award('יעל')), INK);
    expect(letters).toHaveLength(3);
    const [lamed, , yod] = letters;
    const height = (l: (typeof letters)[number]) => l.bottom - l.top;
    expect(height(yod!)).toBe(Math.min(...letters.map(height))); // the yod is the small letter
    expect(lamed!.top).toBe(Math.min(...letters.map((l) => l.top))); // the lamed rises above the others
  });

  it('an Arabic name is shaped: محمد is one joined word, where the same letters kept apart leave gaps', async () => {
    const gaps = (letters: ReturnType<typeof outlines>) => {
      let reach = letters[0]!.right;
      let count = 0;
      for (const l of letters.slice(1)) {
        if (l.left > reach + 0.5) count++;
        reach = Math.max(reach, l.right);
      }
      return count;
    };
    expect(gaps(outlines(await textsSvg(award('محمد')), INK))).toBe(0);
    // A zero-width non-joiner between the letters forbids joining: each takes its isolated form.
    expect(gaps(outlines(await textsSvg(award('م\u200Cح\u200Cم\u200Cد')), INK))).toBeGreaterThan(0);
  });

  [NAMES[5]!, NAMES[8]!, NAMES[11]!].forEach((name, i) => {
    it(`the share card draws ${name} in the badge and beside it`, async () => {
      const png = await renderShareCardPng({ ...award(name, i), quote: null });
      keep(`name-card-${i + 1}`, png);
      expect(pngHeader(png)).toMatchObject({ width: 1200, height: 630 });
    });
  });
});
