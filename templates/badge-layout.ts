import type { MeasureText } from '../src/badges/fonts.ts';
import { displayText, textLocale } from '../src/badges/scripts.ts';
import type { Lang } from '../src/i18n/index.ts';
import { formatDate } from '../src/lib/format.ts';
import { type FittedText, fitText } from './fit-text.ts';
import { box, h, type SatoriElement, type SatoriNode, type Style } from './h.ts';
import { word } from './words.ts';

/** What a badge shows: the award's data, with the category's name in the badge's language. */
export type BadgeData = {
  firstName: string;
  categoryName: string;
  workplaceName: string;
  /** The day of the moment, YYYY-MM-DD. */
  momentDate: string;
  issuerName: string;
  lang: Lang;
};

/** A category's colours. */
export type Palette = {
  /** The category's colour (categories.color). */
  base: string;
  /** A darker shade, for depth and small text. */
  deep: string;
  /** The pale background. */
  tint: string;
  /** A stronger tint, for the pattern and fine lines. */
  tintStrong: string;
  /** A contrasting touch: sparks, the inner ring. */
  accent: string;
};

/** A category's design: its colours and its motif, drawn in a 100 × 100 box. */
export type BadgeDesign = {
  palette: Palette;
  motif: (color: string, accent: string) => SatoriNode[];
};

/**
 * A badge design in two layers drawn one over the other. The decor (background, medallion, ribbon,
 * motif) is the same for every award of a category, so it is rasterised once; the content is the
 * pure function of the award's data (texts only, on a transparent ground).
 */
export type BadgeTemplate = {
  design: BadgeDesign;
  decor: () => SatoriElement;
  content: (data: BadgeData, measure: MeasureText) => SatoriElement;
};

export const BADGE_SIZE = 600;
export const INK = '#1f1a17';

/** The motif as an SVG element of the given size. */
export function motifSvg(design: BadgeDesign, size: number, color: string, accent: string, style: Style = {}): SatoriElement {
  return h('svg', { width: size, height: size, viewBox: '0 0 100 100', style }, ...design.motif(color, accent));
}

/**
 * Fitted text, each line kept whole, in as few elements as Satori can lay out (each costs it time):
 * one for a single line, a column of two otherwise. `lang` follows the text's script. A line of
 * Arabic or Hebrew needs no `direction`: Satori orders its words right to left within the line, and
 * the line keeps the design's alignment.
 */
export function fittedLines(fitted: FittedText, style: Style): SatoriElement {
  const text = fitted.lines.join(' ');
  const lang = textLocale(text);
  const props = (css: Style) => ({ ...(lang ? { lang } : {}), style: css });
  const css: Style = { display: 'flex', whiteSpace: 'nowrap', ...style, fontSize: fitted.fontSize };
  if (fitted.lines.length === 1) return h('div', props(css), fitted.lines[0]!);
  return h(
    'div',
    props({ ...css, flexDirection: 'column', alignItems: style.alignItems ?? 'center' }),
    ...fitted.lines.map((line) => h('div', { style: { display: 'flex' } }, line)),
  );
}

/** A layer covering the whole badge, its children placed absolutely. */
function layer(style: Style, ...children: SatoriNode[]): SatoriElement {
  return box({ position: 'relative', width: BADGE_SIZE, height: BADGE_SIZE, ...style }, ...children);
}

/** A band across the badge, its content centred. */
function band(top: number, height: number, ...children: SatoriNode[]): SatoriElement {
  return box(across(top, height), ...children);
}

/** The style of a band across the badge, content centred. */
function across(top: number, height: number): Style {
  return { position: 'absolute', left: 0, top, width: BADGE_SIZE, height, alignItems: 'center', justifyContent: 'center' };
}

// Geometry (the badge is drawn at 600 × 600): a medallion, its white face with a fine ring inside, a ribbon across it.
const CENTER_Y = 282;
const RING = 236;
const FACE = 214;
const FINE_RING = FACE - 11;
const RIBBON = { top: 364, height: 58, width: 452 };

/** Where the face is: the texts on it stay inside its fine inner ring. */
export const BADGE_FACE = { x: BADGE_SIZE / 2, y: CENTER_Y, radius: FINE_RING };

/** The decor of a badge: tinted ground with the motif in two corners, the medallion, the ribbon, the motif on the face. */
export function badgeDecor(design: BadgeDesign): SatoriElement {
  const { palette } = design;
  return layer(
    {
      backgroundColor: palette.tint,
      backgroundImage: `radial-gradient(circle at 50% 40%, #ffffff 0%, ${palette.tint} 55%, ${palette.tintStrong} 100%)`,
    },
    motifSvg(design, 230, palette.tintStrong, palette.tintStrong, {
      position: 'absolute',
      left: -54,
      top: -48,
      transform: 'rotate(-14deg)',
    }),
    motifSvg(design, 200, palette.tintStrong, palette.tintStrong, {
      position: 'absolute',
      right: -46,
      bottom: -30,
      transform: 'rotate(12deg)',
    }),
    medallion(palette),
    band(CENTER_Y - FACE + 20, 62, motifSvg(design, 62, palette.base, palette.accent)),
    ribbon(palette),
  );
}

/**
 * The texts of a badge, top to bottom on the face: the workplace, the first name, the category on the
 * ribbon, the date; the issuer under the medallion. Each has a band of its own, so a name on two lines
 * moves nothing else, and each band is no wider than the face at its height.
 */
export function badgeContent(data: BadgeData, measure: MeasureText, design: BadgeDesign): SatoriElement {
  const { palette } = design;
  const workplace = fitText(
    displayText(data.workplaceName),
    { maxWidth: 300, maxSize: 21, minSize: 16, maxLines: 2, weight: 700, lineHeight: 1.18, maxHeight: 50 },
    measure,
  );
  const name = fitText(
    displayText(data.firstName),
    { maxWidth: 350, maxSize: 74, minSize: 42, maxLines: 2, weight: 700, lineHeight: 1.12, maxHeight: 140 },
    measure,
  );
  const category = fitText(
    displayText(data.categoryName).toLocaleUpperCase(data.lang),
    { maxWidth: 360, maxSize: 26, minSize: 14, maxLines: 1, weight: 700, lineHeight: 1.2, letterSpacing: 0.12 },
    measure,
  );
  const issuer = fitText(
    word(data.lang, 'awardedBy', { issuer: displayText(data.issuerName) }),
    { maxWidth: 520, maxSize: 15, minSize: 9, maxLines: 1, weight: 400, lineHeight: 1.2 },
    measure,
  );
  const date = formatDate(data.momentDate, data.lang).toLocaleUpperCase(data.lang);

  return layer(
    { color: INK },
    fittedLines(workplace, { ...across(CENTER_Y - 128, 50), fontWeight: 700, lineHeight: 1.18, color: palette.deep }),
    fittedLines(name, { ...across(CENTER_Y - 76, 148), fontWeight: 700, lineHeight: 1.12 }),
    fittedLines(category, {
      ...across(RIBBON.top, RIBBON.height),
      fontWeight: 700,
      color: '#ffffff',
      letterSpacing: category.fontSize * 0.12,
    }),
    box({ ...across(RIBBON.top + RIBBON.height + 12, 24), fontSize: 14, fontWeight: 700, letterSpacing: 2.4, color: palette.deep }, date),
    fittedLines(issuer, { ...across(BADGE_SIZE - 44, 24), fontWeight: 400, color: palette.deep }),
  );
}

/** The round medallion: a ring in the category's colour, a fine accent line, the white face. */
function medallion(palette: Palette): SatoriElement {
  const disc = (radius: number, style: Style, ...children: SatoriNode[]) =>
    box(
      { width: radius * 2, height: radius * 2, borderRadius: radius, alignItems: 'center', justifyContent: 'center', ...style },
      ...children,
    );
  return box(
    { position: 'absolute', left: BADGE_SIZE / 2 - RING, top: CENTER_Y - RING },
    disc(
      RING,
      { backgroundImage: `linear-gradient(150deg, ${palette.base} 0%, ${palette.deep} 100%)` },
      disc(
        FACE + 5,
        { backgroundColor: palette.accent },
        disc(FACE, { backgroundColor: '#ffffff' }, disc(FINE_RING, { border: `1.5px solid ${palette.tintStrong}` })),
      ),
    ),
  );
}

/** The ribbon across the medallion, with swallow-tailed ends folding behind it. */
function ribbon(palette: Palette): SatoriElement {
  const { top, height, width } = RIBBON;
  const left = (BADGE_SIZE - width) / 2;
  const right = left + width;
  const drop = 12; // how far the tails sit below the band
  return h(
    'svg',
    { width: BADGE_SIZE, height: BADGE_SIZE, viewBox: `0 0 ${BADGE_SIZE} ${BADGE_SIZE}`, style: { position: 'absolute', left: 0, top: 0 } },
    h(
      'defs',
      null,
      h(
        'linearGradient',
        { id: 'band', x1: 0, y1: 0, x2: 0, y2: 1 },
        h('stop', { offset: 0, stopColor: palette.base }),
        h('stop', { offset: 1, stopColor: palette.deep }),
      ),
    ),
    h('path', {
      d: `M${left + 24} ${top + drop} H${left - 40} L${left - 22} ${top + drop + height / 2} L${left - 40} ${top + drop + height} H${left + 24} Z`,
      fill: palette.deep,
    }),
    h('path', {
      d: `M${right - 24} ${top + drop} H${right + 40} L${right + 22} ${top + drop + height / 2} L${right + 40} ${top + drop + height} H${right - 24} Z`,
      fill: palette.deep,
    }),
    // The folds: where each tail turns under the band, a darker triangle.
    h('path', {
      d: `M${left} ${top + height} L${left + 24} ${top + height} L${left + 24} ${top + height + drop} Z`,
      fill: '#000000',
      fillOpacity: 0.35,
    }),
    h('path', {
      d: `M${right} ${top + height} L${right - 24} ${top + height} L${right - 24} ${top + height + drop} Z`,
      fill: '#000000',
      fillOpacity: 0.35,
    }),
    h('rect', { x: left, y: top, width, height, fill: 'url(#band)' }),
    h('rect', { x: left, y: top + 5, width, height: 1.5, fill: '#ffffff', fillOpacity: 0.25 }),
    h('rect', { x: left, y: top + height - 6.5, width, height: 1.5, fill: '#ffffff', fillOpacity: 0.25 }),
  );
}

/** The template of a design: its decor and its content. */
export function badgeTemplate(design: BadgeDesign): BadgeTemplate {
  return { design, decor: () => badgeDecor(design), content: (data, measure) => badgeContent(data, measure, design) };
}
