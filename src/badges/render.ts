import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import satori from 'satori';
import { BADGE_SIZE, type BadgeData, type BadgeTemplate } from '../../templates/badge-layout.ts';
import { COUNTER_HEIGHT, COUNTER_WIDTH, counterCard } from '../../templates/counter-card.ts';
import type { SatoriElement } from '../../templates/h.ts';
import { BADGE_TEMPLATES, badgeTemplateFor, TEMPLATE_VERSION } from '../../templates/index.ts';
import {
  PROFILE_CARD_HEIGHT,
  PROFILE_CARD_WIDTH,
  PROFILE_MAX_CATEGORIES,
  type ProfileCategory,
  profileCardContent,
  profileCardDecor,
} from '../../templates/profile-card.ts';
import { CARD_HEIGHT, CARD_WIDTH, shareCardContent, shareCardDecor } from '../../templates/share-card.ts';
import { type Lang, translator } from '../i18n/index.ts';
import { baseFonts, loadAdditionalAsset, textMeasurer } from './fonts.ts';
import { encodeLayeredPng, encodeOpaquePng, type Ground, type Layer, toGround } from './raster.ts';
import { displayText, quoteFrom } from './scripts.ts';

// The cut of a story into the card's quote: pure, and exported here beside the card it serves.
export { quoteFrom };

/** A badge to draw: the award's data and its category (whose colour dresses a category the issuer added). */
export type BadgeInput = BadgeData & { categorySlug: string; categoryColor?: string };
/** A share card to draw: the badge's data and the story to quote, or null when either person said no. */
export type ShareCardInput = BadgeInput & { quote: string | null };
/** A counter card to draw. */
export type CounterCardInput = { workplaceName: string; nominateUrl: string };

/** How much of a story the share card quotes, in characters (graphemes). */
export const QUOTE_MAX_CHARS = 140;

const RESVG_OPTIONS = { font: { loadSystemFonts: false } };

/**
 * resvg's pixmaps live outside the JS heap and are freed by N-API finalizers, which run from the
 * event loop: a caller drawing image after image with nothing but promises between them would never
 * let them run, and memory would grow with every image. One turn of the loop per image frees them.
 */
const letFinalizersRun = () => new Promise((resolve) => setImmediate(resolve));

/** Satori lays an element out as SVG, every glyph a path; resvg rasterises it, never with system fonts. */
async function rasterise(element: SatoriElement, width: number, height: number): Promise<Uint8Array> {
  const svg = await satori(element, { width, height, fonts: await baseFonts(), loadAdditionalAsset });
  const pixels = new Resvg(svg, RESVG_OPTIONS).render().pixels;
  await letFinalizersRun();
  return pixels;
}

// How far past its paths' bounds (resvg's getBBox, transforms applied) the ink of a layer may reach:
// anti-aliasing, half a stroke. None of the badges and cards tried needed any; two pixels to spare.
const INK_MARGIN = 2;

/**
 * A transparent layer (the texts), rasterised only where it has ink: resvg draws the whole image and
 * keeps the part asked for, so the pixels are those of the whole layer, cut. Texts cover a part of the
 * image only, so resvg's pixmap and its copy, which wait in memory for the next collection, shrink too.
 */
async function rasteriseLayer(element: SatoriElement, width: number, height: number): Promise<Layer> {
  const svg = await satori(element, { width, height, fonts: await baseFonts(), loadAdditionalAsset });
  const bounds = new Resvg(svg, RESVG_OPTIONS).getBBox();
  if (!bounds) return { left: 0, top: 0, width: 0, height: 0, pixels: new Uint8Array(0) };
  const left = Math.max(0, Math.floor(bounds.x) - INK_MARGIN);
  const top = Math.max(0, Math.floor(bounds.y) - INK_MARGIN);
  const right = Math.min(width, Math.ceil(bounds.x + bounds.width) + INK_MARGIN);
  const bottom = Math.min(height, Math.ceil(bounds.y + bounds.height) + INK_MARGIN);
  if (right <= left || bottom <= top) return { left: 0, top: 0, width: 0, height: 0, pixels: new Uint8Array(0) };
  const image = new Resvg(svg, { ...RESVG_OPTIONS, crop: { left, top, right, bottom } }).render();
  const layer = { left, top, width: image.width, height: image.height, pixels: image.pixels };
  await letFinalizersRun();
  return layer;
}

/**
 * The decor layers rasterised so far, by design and size. A decor (background, medallion, ribbon,
 * motifs) is the same for every award of a category and costs most of a render, so it is drawn once
 * and each image only draws its texts over a copy. At most MAX_DECORS entries, oldest out first: the
 * six default categories' badges and cards, with room for added categories.
 */
const decors = new Map<string, Promise<Ground>>();
const MAX_DECORS = 16;

function decorGround(key: string, element: () => SatoriElement, width: number, height: number): Promise<Ground> {
  let ground = decors.get(key);
  if (!ground) {
    ground = rasterise(element(), width, height).then((pixels) => toGround(width, height, pixels));
    ground.catch(() => decors.delete(key));
    decors.set(key, ground);
    if (decors.size > MAX_DECORS) decors.delete(decors.keys().next().value!);
  }
  return ground;
}

/** Draws the content layer over the cached decor and encodes the PNG. */
async function layeredPng(
  decorKey: string,
  decor: () => SatoriElement,
  content: SatoriElement,
  width: number,
  height: number,
): Promise<Uint8Array> {
  const [ground, texts] = await Promise.all([decorGround(decorKey, decor, width, height), rasteriseLayer(content, width, height)]);
  return encodeLayeredPng(ground, texts);
}

// A default category's design ignores the colour; an added one is drawn in it.
const designKey = (input: BadgeInput) =>
  `${TEMPLATE_VERSION}|${input.categorySlug}|${Object.hasOwn(BADGE_TEMPLATES, input.categorySlug) ? '' : (input.categoryColor ?? '')}`;

/** The texts of a badge whose fonts must be ready before its layout is measured. */
function badgeTexts(data: BadgeData): string[] {
  return [data.firstName, data.categoryName, data.categoryName.toLocaleUpperCase(data.lang), data.workplaceName, data.issuerName].map(
    displayText,
  );
}

/** The badge, a 600 × 600 PNG: the Open Badges image of an award. */
export async function renderBadgePng(input: BadgeInput): Promise<Uint8Array> {
  const template: BadgeTemplate = badgeTemplateFor(input.categorySlug, input.categoryColor);
  const measure = await textMeasurer(badgeTexts(input));
  return layeredPng(`badge|${designKey(input)}`, template.decor, template.content(input, measure), BADGE_SIZE, BADGE_SIZE);
}

/** The share card, a 1200 × 630 PNG: the badge, the first name, the category and, when given, a short quote. */
export async function renderShareCardPng(input: ShareCardInput): Promise<Uint8Array> {
  const template = badgeTemplateFor(input.categorySlug, input.categoryColor);
  const quote = input.quote === null ? null : quoteFrom(displayText(input.quote), QUOTE_MAX_CHARS) || null;
  const measure = await textMeasurer([...badgeTexts(input), ...(quote ? [quote] : [])]);
  const content = shareCardContent({ ...input, quote }, measure, template);
  return layeredPng(`card|${designKey(input)}`, () => shareCardDecor(template), content, CARD_WIDTH, CARD_HEIGHT);
}

/** The printable counter card (A6 at 300 dpi, 1240 × 1748 PNG) with a QR code to the nomination form. */
export async function renderCounterCardPng(input: CounterCardInput): Promise<Uint8Array> {
  const modules = QRCode.create(input.nominateUrl, { errorCorrectionLevel: 'M' }).modules;
  const qr = Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, col) => Boolean(modules.get(row, col))),
  );
  const measure = await textMeasurer([displayText(input.workplaceName), input.nominateUrl]);
  const pixels = await rasterise(
    counterCard({ workplaceName: input.workplaceName, nominateUrl: input.nominateUrl, qr }, measure),
    COUNTER_WIDTH,
    COUNTER_HEIGHT,
  );
  return encodeOpaquePng(COUNTER_WIDTH, COUNTER_HEIGHT, pixels);
}

/** A profile card to draw: the employee's first name, how many badges they made public, up to six categories. */
export type ProfileCardInput = {
  firstName: string;
  publicBadges: number;
  categories: ProfileCategory[];
  issuerName: string;
  lang: Lang;
};

/** The profile card's texts layer, laid out but not rasterised (tests measure its ink). */
export async function profileCardElement(input: ProfileCardInput): Promise<SatoriElement> {
  const t = translator(input.lang);
  const texts = {
    eyebrow: t('profile.card.eyebrow'),
    count: input.publicBadges === 1 ? t('profile.card.countOne') : t('profile.card.countMany', { count: input.publicBadges }),
    issuer: t('profile.card.issuer', { issuer: input.issuerName }),
  };
  const categories = input.categories.slice(0, PROFILE_MAX_CATEGORIES);
  const measure = await textMeasurer(
    [input.firstName, texts.eyebrow, texts.count, texts.issuer, ...categories.map((category) => category.name)].map(displayText),
  );
  return profileCardContent({ firstName: input.firstName, categories, texts }, measure);
}

/** The public profile's card, a 1200 × 630 PNG (its Open Graph image): the name, the count, the categories. */
export async function renderProfileCardPng(input: ProfileCardInput): Promise<Uint8Array> {
  // One decor for every profile: the texts and chips are the only part drawn for each.
  return layeredPng(
    `profile|${TEMPLATE_VERSION}`,
    profileCardDecor,
    await profileCardElement(input),
    PROFILE_CARD_WIDTH,
    PROFILE_CARD_HEIGHT,
  );
}
