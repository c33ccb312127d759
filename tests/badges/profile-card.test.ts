import satori from 'satori';
import { afterAll, describe, expect, it } from 'vitest';
import { baseFonts, loadAdditionalAsset, missingGlyphs } from '../../src/badges/fonts.ts';
import { type ProfileCardInput, profileCardElement, renderProfileCardPng } from '../../src/badges/render.ts';
import { createWorkPool } from '../../src/pool/work-pool.ts';
import { INK } from '../../templates/badge-layout.ts';
import { NAMES } from './names.ts';
import { inkBounds, keep, pngHeader, sha256 } from './png-tools.ts';

const CATEGORIES = [
  { slug: 'presence', name: 'Présence' },
  { slug: 'relational', name: 'Relationnel' },
  { slug: 'recovery', name: 'Rattrapage' },
  { slug: 'initiative', name: 'Initiative' },
  { slug: 'partnership', name: 'Partenariat' },
  // A category the issuer added, with its own colour and a long name.
  { slug: 'ponctualite', name: 'Ponctualité exemplaire au quotidien', color: '#0f766e' },
];

const profile = (firstName: string, lang: 'fr' | 'en' = 'fr'): ProfileCardInput => ({
  firstName,
  publicBadges: 7,
  categories: CATEGORIES,
  issuerName: 'Service Plus Formation',
  lang,
});

const COUNT_GREY = '#57534e';

describe('the public profile’s card', () => {
  it('is a 1200 × 630 PNG, the same bytes every time', async () => {
    const first = await renderProfileCardPng(profile('Amélie'));
    const again = await renderProfileCardPng(profile('Amélie'));
    keep('profile-card', first);
    expect(pngHeader(first)).toMatchObject({ width: 1200, height: 630 });
    expect(sha256(again)).toBe(sha256(first));
  });

  it('says the count in the reader’s language, one badge in the singular', async () => {
    const text = JSON.stringify(await profileCardElement({ ...profile('Amélie', 'en'), publicBadges: 1 }));
    expect(text).toContain('1 badge from customers');
    expect(text).toContain('Awarded by Service Plus Formation');
    expect(JSON.stringify(await profileCardElement(profile('Amélie')))).toContain('7 badges reçus de clients');
  });

  it('shows six categories at most', async () => {
    const many = [...CATEGORIES, { slug: 'septieme', name: 'Septième', color: '#4d7c0f' }];
    const text = JSON.stringify(await profileCardElement({ ...profile('Amélie'), categories: many }));
    expect(text).toContain('Partenariat');
    expect(text).not.toContain('Septième');
  });

  NAMES.forEach((name, i) => {
    it(`fits ${name} whole, above the count, inside the card`, { timeout: 30_000 }, async () => {
      expect(await missingGlyphs(name)).toEqual([]);
      const svg = await satori(await profileCardElement(profile(name, i % 2 ? 'en' : 'fr')), {
        width: 1200,
        height: 630,
        fonts: await baseFonts(),
        loadAdditionalAsset,
      });
      const ink = inkBounds(svg, INK);
      const count = inkBounds(svg, COUNT_GREY);
      expect(ink).toBeDefined();
      expect(count).toBeDefined();
      // Within the card's margins, and the name's lowest stroke above the line that follows it.
      expect(ink!.left).toBeGreaterThanOrEqual(70);
      expect(ink!.right).toBeLessThanOrEqual(1130);
      expect(ink!.top).toBeGreaterThan(0);
      expect(ink!.bottom).toBeLessThan(count!.top);
      expect(count!.bottom).toBeLessThan(630);
      keep(`profile-card-${String(i + 1).padStart(2, '0')}`, await renderProfileCardPng(profile(name, i % 2 ? 'en' : 'fr')));
    });
  });
});

describe('the profile card on the pool', () => {
  const pool = createWorkPool({ threads: 1, deadlineMs: 30_000, maxQueue: 8 });
  afterAll(() => pool.destroy());

  it('draws on a worker thread the very card the request thread would draw', { timeout: 60_000 }, async () => {
    const input = profile('민준', 'en');
    const drawn = await pool.draw({ kind: 'profile', input });
    expect(sha256(drawn)).toBe(sha256(await renderProfileCardPng(input)));
  });
});
