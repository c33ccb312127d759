import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { textMeasurer } from '../../src/badges/fonts.ts';
import {
  type BadgeInput,
  QUOTE_MAX_CHARS,
  quoteFrom,
  renderBadgePng,
  renderCounterCardPng,
  renderShareCardPng,
} from '../../src/badges/render.ts';
import type { SatoriNode } from '../../templates/h.ts';
import { BADGE_TEMPLATES, badgeTemplateFor } from '../../templates/index.ts';
import { keep, pngHeader, rgbPixels, sha256 } from './png-tools.ts';

const CATEGORY_NAMES: Record<string, { fr: string; en: string }> = {
  presence: { fr: 'Présence', en: 'Presence' },
  relational: { fr: 'Relationnel', en: 'Relational' },
  recovery: { fr: 'Rattrapage', en: 'Recovery' },
  initiative: { fr: 'Initiative', en: 'Initiative' },
  partnership: { fr: 'Partenariat', en: 'Partnership' },
  elan: { fr: 'Élan', en: 'Élan' },
};

const award = (slug: string, lang: 'fr' | 'en' = 'fr', overrides: Partial<BadgeInput> = {}): BadgeInput => ({
  categorySlug: slug,
  categoryName: CATEGORY_NAMES[slug]?.[lang] ?? slug,
  firstName: 'Zoë',
  workplaceName: 'Café Rouge',
  momentDate: '2026-11-20',
  issuerName: 'Service Plus Formation',
  lang,
  ...overrides,
});

/** Every text in a Satori element tree, in order. */
function textsOf(node: SatoriNode | SatoriNode[]): string[] {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (typeof node === 'string') return [node];
  if (!node) return [];
  return textsOf(node.props.children);
}

describe('the badge of each category', () => {
  it('has a design for each of the six default categories', () => {
    expect(Object.keys(BADGE_TEMPLATES).sort()).toEqual(Object.keys(CATEGORY_NAMES).sort());
    const colours = Object.values(BADGE_TEMPLATES).map((t) => t.design.palette.base);
    expect(new Set(colours).size).toBe(6);
  });

  for (const slug of Object.keys(CATEGORY_NAMES)) {
    it(`draws the ${slug} badge as a 600 × 600 PNG, the same bytes every time`, async () => {
      const first = await renderBadgePng(award(slug, slug === 'initiative' ? 'en' : 'fr'));
      const second = await renderBadgePng(award(slug, slug === 'initiative' ? 'en' : 'fr'));
      keep(`badge-${slug}`, first);
      expect(pngHeader(first)).toMatchObject({ width: 600, height: 600 });
      expect(rgbPixels(first).opaque).toBe(true);
      expect(sha256(second)).toBe(sha256(first));
      expect(sha256(first)).toMatchSnapshot();
    });
  }

  it('draws a category the issuer added in its own colour', async () => {
    const png = await renderBadgePng(award('patience', 'fr', { categoryName: 'Patience', categoryColor: '#0e7490' }));
    keep('badge-added-category', png);
    const pixels = rgbPixels(png);
    // The ribbon's middle, left of its text, is the category's colour (its gradient runs to a darker shade).
    const [r, g, b] = pixels.at(90, 372);
    expect(Math.abs(r - 0x0e) + Math.abs(g - 0x74) + Math.abs(b - 0x90)).toBeLessThan(40);
  });

  it('writes the date in the badge’s language', async () => {
    // The texts the badge draws, read from its layout before rendering: the date is one of them, in capitals.
    const texts = async (lang: 'fr' | 'en') => {
      const input = award('presence', lang);
      return textsOf(badgeTemplateFor('presence').content(input, await textMeasurer([input.firstName, input.categoryName])));
    };
    const fr = await texts('fr');
    const en = await texts('en');
    expect(fr).toContain('20 NOVEMBRE 2026');
    expect(fr).not.toContain('NOVEMBER 20, 2026');
    expect(en).toContain('NOVEMBER 20, 2026');
    expect(en).not.toContain('20 NOVEMBRE 2026');
    // Rendered to be looked at, and the two languages are drawn differently.
    const frPng = await renderBadgePng(award('presence', 'fr'));
    const enPng = await renderBadgePng(award('presence', 'en'));
    keep('badge-date-fr', frPng);
    keep('badge-date-en', enPng);
    expect(sha256(enPng)).not.toBe(sha256(frPng));
  });
});

describe('the share card', () => {
  it('shows the badge, the first name and the category, and no quote when none is given', async () => {
    const png = await renderShareCardPng({ ...award('relational'), quote: null });
    keep('card-without-quote', png);
    expect(pngHeader(png)).toMatchObject({ width: 1200, height: 630 });
    expect(sha256(png)).toMatchSnapshot();
  });

  it('quotes the story, cut at a word, when both people allowed it', async () => {
    const story =
      'Elle a pris le temps de m’expliquer chaque option sans jamais me presser, même avec la file qui s’allongeait derrière moi. Je suis reparti rassuré, et avec le sourire.';
    const withQuote = await renderShareCardPng({ ...award('relational'), quote: story });
    const without = await renderShareCardPng({ ...award('relational'), quote: null });
    keep('card-with-quote', withQuote);
    expect(pngHeader(withQuote)).toMatchObject({ width: 1200, height: 630 });
    expect(rgbPixels(withQuote).opaque).toBe(true);
    expect(sha256(withQuote)).not.toBe(sha256(without));
    expect(sha256(withQuote)).toMatchSnapshot();
  });

  it('leaves the emoji of a story out instead of drawing boxes', async () => {
    const withEmoji = await renderShareCardPng({
      ...award('elan', 'en'),
      quote: 'She found my lost keys 🔑 and ran after me to the car 🏃‍♀️💨 — thank you! 🙏🏽',
    });
    const plain = await renderShareCardPng({
      ...award('elan', 'en'),
      quote: 'She found my lost keys and ran after me to the car — thank you!',
    });
    keep('card-quote-with-emoji', withEmoji);
    expect(sha256(withEmoji)).toBe(sha256(plain));
  });

  it('quotes a story in Arabic right to left', async () => {
    const png = await renderShareCardPng({
      ...award('partnership', 'fr', { firstName: 'محمد' }),
      quote: 'ساعدني محمد في العثور على ما أحتاجه بسرعة ولطف كبير، شكراً جزيلاً له.',
    });
    keep('card-arabic', png);
    expect(pngHeader(png)).toMatchObject({ width: 1200, height: 630 });
  });

  it('quotes a long story in Chinese, cut shorter so that it stays within the card', async () => {
    const story =
      '她耐心地为我解释了每一个选项，从来没有催促我，即使后面排队的人越来越多。她还帮我找到了更便宜的替代品，并且在我离开之前再次确认我是否明白了所有的用法。我真的非常感谢她的细心和善良，这是我很久以来遇到的最好的服务。下次我一定还会再来这家店。';
    const png = await renderShareCardPng({ ...award('presence', 'fr', { firstName: '王小明' }), quote: story });
    keep('card-chinese-quote', png);
    expect(pngHeader(png)).toMatchObject({ width: 1200, height: 630 });
  });

  it('cuts a long quote to the card’s length', () => {
    const story = 'Il a pris le temps. '.repeat(20);
    const quote = quoteFrom(story, QUOTE_MAX_CHARS);
    expect([...quote].length).toBeLessThanOrEqual(QUOTE_MAX_CHARS);
    expect(quote.endsWith('temps…')).toBe(true);
  });
});

describe('the counter card', () => {
  const url = 'https://elan.example.org/w/cafe-rouge/nominate';

  it('is a printable A6 card at 300 dpi with the workplace’s name and a QR code to its nomination form', async () => {
    const png = await renderCounterCardPng({ workplaceName: 'Café Rouge', nominateUrl: url });
    keep('counter-card', png);
    expect(pngHeader(png)).toMatchObject({ width: 1240, height: 1748 });
    expect(1748 / 1240).toBeCloseTo(148 / 105, 2);

    // Read the code back from the image: the centre of every module is dark exactly where the
    // qrcode package's matrix for the address says so.
    const modules = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    const pixels = rgbPixels(png);
    const dark = (x: number, y: number) => pixels.at(Math.round(x), Math.round(y))[0] < 128;
    const bounds = codeBounds(pixels, dark);
    const step = (bounds.right - bounds.left + 1) / modules.size;
    let mismatches = 0;
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (dark(bounds.left + (col + 0.5) * step, bounds.top + (row + 0.5) * step) !== Boolean(modules.get(row, col))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('fits a long workplace name', async () => {
    const png = await renderCounterCardPng({
      workplaceName: 'Pharmacie Jean Coutu de la Place Versailles — comptoir des ordonnances',
      nominateUrl: url,
    });
    keep('counter-card-long-name', png);
    expect(pngHeader(png)).toMatchObject({ width: 1240, height: 1748 });
  });
});

/**
 * The QR code's outer box, found as a reader would: inside the frame drawn around it, the first dark
 * pixel is the corner of the top-left finder pattern, and the last one on that row ends the top-right one.
 */
function codeBounds(pixels: ReturnType<typeof rgbPixels>, dark: (x: number, y: number) => boolean) {
  const middle = pixels.height >> 1; // a row through the code, where nothing but the frame and the code is drawn
  let left = 0;
  while (!dark(left, middle)) left++; // the frame's left side
  while (dark(left, middle)) left++;
  let right = pixels.width - 1;
  while (!dark(right, middle)) right--; // its right side
  while (dark(right, middle)) right--;
  let top = middle;
  while (!dark(left + 3, top)) top--; // its top, through the white padding
  // Keep clear of the frame's rounded corners; the code sits well inside its padding and quiet zone.
  const [from, to] = [left + 40, right - 40];
  for (let row = top + 1; row < middle; row++) {
    for (let col = from; col <= to; col++) {
      if (!dark(col, row)) continue;
      let end = to;
      while (!dark(end, row)) end--;
      return { top: row, left: col, right: end };
    }
  }
  throw new Error('no code found');
}
