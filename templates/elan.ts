import { type BadgeDesign, type BadgeTemplate, badgeTemplate } from './badge-layout.ts';
import { h } from './h.ts';

/** Élan: a rising sweep ending in a star, a moment that lifts. */
export const elanDesign: BadgeDesign = {
  palette: { base: '#be123c', deep: '#881337', tint: '#fdf0f2', tintStrong: '#f8d3db', accent: '#f5b52e' },
  motif: (color, accent) => [
    h('path', { d: 'M12 88 C40 86 62 68 76 34', fill: 'none', stroke: color, strokeWidth: 9, strokeLinecap: 'round' }),
    h('path', { d: 'M10 70 C30 68 46 58 56 42', fill: 'none', stroke: color, strokeWidth: 6, strokeLinecap: 'round', strokeOpacity: 0.45 }),
    h('path', {
      d: 'M80 6 L84.7 17.5 L97 18.5 L87.6 26.4 L90.6 38.5 L80 32 L69.4 38.5 L72.4 26.4 L63 18.5 L75.3 17.5 Z',
      fill: accent,
      stroke: accent,
      strokeWidth: 2,
      strokeLinejoin: 'round',
    }),
  ],
};

/** The Élan badge. */
export const elan: BadgeTemplate = badgeTemplate(elanDesign);
