import type { MeasureText } from '../src/badges/fonts.ts';
import { displayText } from '../src/badges/scripts.ts';
import { fittedLines, INK, motifSvg } from './badge-layout.ts';
import { elanDesign } from './elan.ts';
import { fitText } from './fit-text.ts';
import { box, type SatoriElement, type SatoriNode, type Style } from './h.ts';
import { badgeTemplateFor } from './index.ts';

/** A category shown on the profile card: its emblem in its colour, and its name. */
export type ProfileCategory = { slug: string; name: string; color?: string };

/** What the profile card shows, its texts already in the reader's language (the caller owns the catalogues). */
export type ProfileCardData = {
  firstName: string;
  categories: ProfileCategory[];
  texts: { eyebrow: string; count: string; issuer: string };
};

export const PROFILE_CARD_WIDTH = 1200;
export const PROFILE_CARD_HEIGHT = 630;
/** Six categories at most: two rows of three chips. */
export const PROFILE_MAX_CATEGORIES = 6;

const MARGIN = 80;
const COLUMN_WIDTH = PROFILE_CARD_WIDTH - 2 * MARGIN;
// Chips are sized by content (Satori adds padding and border to a width): three and their gaps fill the column.
const CHIP = { width: 296, height: 60, gap: 20, emblem: 40 };
const palette = elanDesign.palette;

function card(style: Style, ...children: SatoriNode[]): SatoriElement {
  return box({ position: 'relative', width: PROFILE_CARD_WIDTH, height: PROFILE_CARD_HEIGHT, ...style }, ...children);
}

/** The card's decor, the same for every profile (so drawn once): Élan's tint, its motif large in a corner. */
export function profileCardDecor(): SatoriElement {
  return card(
    { backgroundImage: `linear-gradient(120deg, #ffffff 0%, ${palette.tint} 50%, ${palette.tintStrong} 100%)` },
    motifSvg(elanDesign, 420, palette.tintStrong, palette.tintStrong, {
      position: 'absolute',
      right: -110,
      top: -130,
      transform: 'rotate(-8deg)',
    }),
    box({
      position: 'absolute',
      left: 0,
      top: 0,
      width: PROFILE_CARD_WIDTH,
      height: 10,
      backgroundImage: `linear-gradient(90deg, ${palette.base}, ${palette.deep})`,
    }),
  );
}

/** The card's texts: the eyebrow, the first name, how many badges, the categories as chips, the issuer. */
export function profileCardContent(data: ProfileCardData, measure: MeasureText): SatoriElement {
  const name = fitText(
    displayText(data.firstName),
    { maxWidth: COLUMN_WIDTH - 120, maxSize: 96, minSize: 52, maxLines: 2, weight: 700, lineHeight: 1.08, maxHeight: 210 },
    measure,
  );
  const count = fitText(
    data.texts.count,
    { maxWidth: COLUMN_WIDTH, maxSize: 28, minSize: 18, maxLines: 1, weight: 400, lineHeight: 1.2 },
    measure,
  );
  const issuer = fitText(
    displayText(data.texts.issuer),
    { maxWidth: COLUMN_WIDTH, maxSize: 20, minSize: 13, maxLines: 1, weight: 700, lineHeight: 1.2 },
    measure,
  );
  const chips = data.categories.slice(0, PROFILE_MAX_CATEGORIES).map((category) => chip(category, measure));
  return card(
    { color: INK },
    box(
      {
        position: 'absolute',
        left: MARGIN,
        top: 0,
        width: COLUMN_WIDTH,
        height: PROFILE_CARD_HEIGHT,
        flexDirection: 'column',
        justifyContent: 'center',
      },
      box({ fontSize: 18, fontWeight: 700, letterSpacing: 3, color: palette.base, marginBottom: 10 }, data.texts.eyebrow),
      fittedLines(name, { fontWeight: 700, lineHeight: 1.08, alignItems: 'flex-start', marginLeft: -3 }),
      box({ marginTop: 14 }, fittedLines(count, { color: '#57534e', alignItems: 'flex-start' })),
      chips.length > 0 ? box({ flexWrap: 'wrap', marginTop: 26, width: COLUMN_WIDTH, gap: CHIP.gap }, ...chips) : null,
      box({ marginTop: 30 }, fittedLines(issuer, { fontWeight: 700, color: palette.deep, alignItems: 'flex-start' })),
    ),
  );
}

/** A category: its badge's motif small, in its own colours, and its name fitted to the chip. */
function chip(category: ProfileCategory, measure: MeasureText): SatoriElement {
  const design = badgeTemplateFor(category.slug, category.color).design;
  const label = fitText(
    displayText(category.name),
    { maxWidth: CHIP.width - CHIP.emblem - 16, maxSize: 22, minSize: 14, maxLines: 1, weight: 700, lineHeight: 1.2 },
    measure,
  );
  return box(
    {
      alignItems: 'center',
      width: CHIP.width,
      height: CHIP.height,
      padding: '0 16px 0 12px',
      borderRadius: CHIP.height / 2,
      backgroundColor: '#ffffff',
      border: `2px solid ${design.palette.tintStrong}`,
    },
    box(
      {
        width: CHIP.emblem,
        height: CHIP.emblem,
        borderRadius: CHIP.emblem / 2,
        backgroundColor: design.palette.tint,
        marginRight: 12,
        alignItems: 'center',
        justifyContent: 'center',
      },
      motifSvg(design, CHIP.emblem - 8, design.palette.base, design.palette.accent),
    ),
    fittedLines(label, { fontWeight: 700, color: design.palette.deep }),
  );
}
