import type { MeasureText } from '../src/badges/fonts.ts';
import { displayText, graphemesOf, quoteFrom, textDirection, textLocale } from '../src/badges/scripts.ts';
import { formatDate } from '../src/lib/format.ts';
import { BADGE_SIZE, type BadgeData, type BadgeTemplate, fittedLines, INK, motifSvg } from './badge-layout.ts';
import { fitText } from './fit-text.ts';
import { box, h, type SatoriElement, type SatoriNode, type Style } from './h.ts';
import { word } from './words.ts';

/** A share card's data: the badge's, and a short quote from the story when both people allowed it. */
export type ShareCardData = BadgeData & { quote: string | null };

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

// The badge sits on the left as a tile, scaled down; the texts fill the right column.
const TILE = { left: 56, top: 57, size: 516, radius: 36 };
const SCALE = TILE.size / BADGE_SIZE;
const COLUMN = { left: 640, width: 500 };
const QUOTE_LINES = 4;

function card(style: Style, ...children: SatoriNode[]): SatoriElement {
  return box({ position: 'relative', width: CARD_WIDTH, height: CARD_HEIGHT, ...style }, ...children);
}

/** A badge layer scaled into the tile. */
function scaledBadge(layer: SatoriElement, style: Style = {}): SatoriElement {
  return box(
    {
      position: 'absolute',
      left: TILE.left,
      top: TILE.top,
      width: TILE.size,
      height: TILE.size,
      borderRadius: TILE.radius,
      overflow: 'hidden',
      ...style,
    },
    box(
      {
        position: 'absolute',
        left: 0,
        top: 0,
        width: BADGE_SIZE,
        height: BADGE_SIZE,
        transform: `scale(${SCALE})`,
        transformOrigin: '0 0',
      },
      layer,
    ),
  );
}

/** The card's decor: the category's tint, its motif large in a corner, the badge's own decor in the tile. */
export function shareCardDecor(template: BadgeTemplate): SatoriElement {
  const { palette } = template.design;
  return card(
    {
      backgroundColor: palette.tint,
      backgroundImage: `linear-gradient(120deg, #ffffff 0%, ${palette.tint} 45%, ${palette.tintStrong} 100%)`,
    },
    motifSvg(template.design, 420, palette.tintStrong, palette.tintStrong, {
      position: 'absolute',
      right: -120,
      bottom: -150,
      transform: 'rotate(10deg)',
    }),
    box({
      position: 'absolute',
      left: 0,
      top: 0,
      width: CARD_WIDTH,
      height: 10,
      backgroundImage: `linear-gradient(90deg, ${palette.base}, ${palette.deep})`,
    }),
    scaledBadge(template.decor(), { boxShadow: `0 18px 40px ${palette.deep}33` }),
  );
}

/** The card's texts: the badge's texts in the tile; beside it the first name, the category, the quote or a line about the moment, the workplace and date. */
export function shareCardContent(data: ShareCardData, measure: MeasureText, template: BadgeTemplate): SatoriElement {
  const { palette } = template.design;
  const name = fitText(
    displayText(data.firstName),
    { maxWidth: COLUMN.width, maxSize: 88, minSize: 52, maxLines: 2, weight: 700, lineHeight: 1.08, maxHeight: 196 },
    measure,
  );
  const eyebrow = word(data.lang, 'shareEyebrow').toLocaleUpperCase(data.lang);
  const category = fitText(
    displayText(data.categoryName),
    { maxWidth: COLUMN.width - 56, maxSize: 26, minSize: 16, maxLines: 1, weight: 700, lineHeight: 1.2 },
    measure,
  );
  const where = fitText(
    `${displayText(data.workplaceName)} · ${formatDate(data.momentDate, data.lang)}`,
    { maxWidth: COLUMN.width, maxSize: 20, minSize: 13, maxLines: 1, weight: 700, lineHeight: 1.2 },
    measure,
  );
  const quote = data.quote ? quoteBlock(displayText(data.quote), data, measure, palette.base) : null;

  return card(
    { color: INK },
    scaledBadge(template.content(data, measure)),
    box(
      {
        position: 'absolute',
        left: COLUMN.left,
        top: 0,
        width: COLUMN.width,
        height: CARD_HEIGHT,
        flexDirection: 'column',
        justifyContent: 'center',
      },
      box({ fontSize: 17, fontWeight: 700, letterSpacing: 3, color: palette.base, marginBottom: 10 }, eyebrow),
      fittedLines(name, { fontWeight: 700, lineHeight: 1.08, alignItems: 'flex-start', marginLeft: -3 }),
      box(
        {
          alignItems: 'center',
          alignSelf: 'flex-start',
          marginTop: 18,
          padding: '8px 20px 8px 12px',
          borderRadius: 28,
          backgroundColor: '#ffffff',
          border: `2px solid ${palette.tintStrong}`,
        },
        box({ width: 22, height: 22, borderRadius: 11, backgroundColor: palette.base, marginRight: 12 }),
        fittedLines(category, { fontWeight: 700, color: palette.deep }),
      ),
      quote ?? box({ marginTop: 26, fontSize: 24, lineHeight: 1.4, color: '#57534e' }, word(data.lang, 'shareTagline')),
      box({ marginTop: 26 }, fittedLines(where, { fontWeight: 700, color: palette.deep, alignItems: 'flex-start' })),
    ),
  );
}

/** The quote, in the badge's quotation marks, sized (and if need be cut shorter) to stay within four lines. */
function quoteBlock(story: string, data: ShareCardData, measure: MeasureText, rule: string): SatoriElement {
  const dir = textDirection(story);
  // Satori does not mirror « and » in right-to-left text as a browser does: give it the mirrored
  // pair, so the guillemets still point outwards.
  const [open, close] = data.lang === 'en' ? ['“', '”'] : dir === 'rtl' ? ['»\u202F', '\u202F«'] : ['«\u202F', '\u202F»'];
  // Lines break at words, so a line holds a little less than the width: count on 88 % of it.
  const room = COLUMN.width * 0.88 * QUOTE_LINES;
  let text = story;
  let size = 25;
  while (size > 19 && measure(`${open}${text}${close}`, size, 400) > room) size--;
  const width = measure(`${open}${text}${close}`, size, 400);
  // Still too long at the smallest size (Chinese or Japanese, a character an em wide): cut it shorter, at a word.
  if (width > room) text = quoteFrom(text, Math.floor((graphemesOf(text).length * room) / width));
  const lang = textLocale(text);
  return box(
    { flexDirection: 'column', marginTop: 26, paddingLeft: 20, borderLeft: `4px solid ${rule}` },
    h(
      'div',
      {
        ...(lang ? { lang } : {}),
        style: {
          display: 'block',
          fontSize: size,
          lineHeight: 1.4,
          color: '#292524',
          lineClamp: QUOTE_LINES,
          direction: dir,
          textAlign: dir === 'rtl' ? 'right' : 'left',
        },
      },
      `${open}${text}${close}`,
    ),
    box({ marginTop: 8, fontSize: 16, color: '#78716c' }, word(data.lang, 'quoteFrom')),
  );
}
