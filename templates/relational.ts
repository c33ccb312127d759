import { type BadgeDesign, type BadgeTemplate, badgeTemplate } from './badge-layout.ts';
import { h } from './h.ts';

/** Relational: a heart, warmth beyond what the task asked. */
export const relationalDesign: BadgeDesign = {
  palette: { base: '#c2410c', deep: '#7c2d12', tint: '#fdf2ea', tintStrong: '#f8dcc8', accent: '#f6c453' },
  motif: (color, accent) => [
    h('path', {
      d: 'M50 86 C22 66 8 50 8 33 C8 19 19 9 32 9 C40 9 46 13 50 20 C54 13 60 9 68 9 C81 9 92 19 92 33 C92 50 78 66 50 86 Z',
      fill: color,
    }),
    h('path', {
      d: 'M30 26 C26 28 23 32 23 37',
      fill: 'none',
      stroke: '#ffffff',
      strokeOpacity: 0.55,
      strokeWidth: 5,
      strokeLinecap: 'round',
    }),
    h('circle', { cx: 86, cy: 80, r: 6, fill: accent }),
  ],
};

/** The Relational badge. */
export const relational: BadgeTemplate = badgeTemplate(relationalDesign);
