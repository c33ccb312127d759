import type { MeasureText } from '../src/badges/fonts.ts';
import { displayText } from '../src/badges/scripts.ts';
import { fittedLines, INK, motifSvg } from './badge-layout.ts';
import { fitText } from './fit-text.ts';
import { box, h, type SatoriElement } from './h.ts';
import { BADGE_TEMPLATES } from './index.ts';
import { word } from './words.ts';

/** What the counter card shows: the workplace, and the QR code of its nomination form. */
export type CounterCardData = {
  workplaceName: string;
  /** The nomination form's address, printed under the code for those who type it. */
  nominateUrl: string;
  /** The QR code's modules, row by row: true is dark. */
  qr: boolean[][];
};

// A6 (105 × 148 mm) at 300 dpi.
export const COUNTER_WIDTH = 1240;
export const COUNTER_HEIGHT = 1748;
const MARGIN = 110;
const QR_SIZE = 700;
const MUTED = '#57534e';

/** The QR code as one SVG path, a run of dark modules a rectangle, inside a four-module quiet zone. */
export function qrSvg(qr: boolean[][], size: number): SatoriElement {
  const quiet = 4;
  const count = qr.length + quiet * 2;
  let d = '';
  qr.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let end = x;
      while (row[end + 1]) end++;
      d += `M${x + quiet} ${y + quiet}h${end - x + 1}v1h-${end - x + 1}z`;
      x = end;
    }
  });
  return h(
    'svg',
    { width: size, height: size, viewBox: `0 0 ${count} ${count}`, shapeRendering: 'crispEdges' },
    h('rect', { x: 0, y: 0, width: count, height: count, fill: '#ffffff' }),
    h('path', { d, fill: INK }),
  );
}

/**
 * The printable counter card (A6 at 300 dpi): the workplace's name, the question and the invitation
 * in French and in English, the QR code to the nomination form, and the six categories' motifs.
 */
export function counterCard(data: CounterCardData, measure: MeasureText): SatoriElement {
  const width = COUNTER_WIDTH - MARGIN * 2;
  const name = fitText(
    displayText(data.workplaceName),
    { maxWidth: width, maxSize: 92, minSize: 56, maxLines: 2, weight: 700, lineHeight: 1.1, maxHeight: 210 },
    measure,
  );
  const address = fitText(
    data.nominateUrl.replace(/^https?:\/\//, ''),
    { maxWidth: width, maxSize: 30, minSize: 14, maxLines: 1, weight: 400, lineHeight: 1.2 },
    measure,
  );
  const designs = Object.values(BADGE_TEMPLATES).map((template) => template.design);
  const stripe = box(
    { width: COUNTER_WIDTH, height: 26 },
    ...designs.map((design) => box({ flexGrow: 1, height: 26, backgroundColor: design.palette.base })),
  );
  const line = (text: string, size: number, weight: 400 | 700, color: string, marginTop: number) =>
    box({ marginTop, fontSize: size, fontWeight: weight, color, textAlign: 'center', justifyContent: 'center', maxWidth: width }, text);

  return box(
    { width: COUNTER_WIDTH, height: COUNTER_HEIGHT, flexDirection: 'column', alignItems: 'center', backgroundColor: '#ffffff', color: INK },
    stripe,
    box(
      { height: 230, marginTop: 70, alignItems: 'center', justifyContent: 'center' },
      fittedLines(name, { fontWeight: 700, lineHeight: 1.1, textAlign: 'center' }),
    ),
    box({ marginTop: 18, gap: 30 }, ...designs.map((design) => motifSvg(design, 64, design.palette.base, design.palette.accent))),
    line(word('fr', 'counterQuestion'), 66, 700, INK, 58),
    line(word('en', 'counterQuestion'), 46, 700, MUTED, 8),
    box(
      { marginTop: 44, padding: 22, borderRadius: 36, border: `6px solid ${INK}`, backgroundColor: '#ffffff' },
      qrSvg(data.qr, QR_SIZE - 56),
    ),
    line(word('fr', 'counterInvitation'), 36, 700, INK, 44),
    line(word('en', 'counterInvitation'), 32, 400, MUTED, 6),
    line(word('fr', 'counterPromise'), 30, 400, INK, 30),
    line(word('en', 'counterPromise'), 28, 400, MUTED, 4),
    box({ flexGrow: 1 }),
    fittedLines(address, { fontWeight: 400, color: MUTED, marginBottom: 40 }),
    stripe,
  );
}
