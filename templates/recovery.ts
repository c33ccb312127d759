import { type BadgeDesign, type BadgeTemplate, badgeTemplate } from './badge-layout.ts';
import { h } from './h.ts';

/** Recovery: a turning arrow around a check mark: owned, put right, followed up. */
export const recoveryDesign: BadgeDesign = {
  palette: { base: '#15803d', deep: '#14532d', tint: '#ecf7ef', tintStrong: '#cbe9d4', accent: '#c3e05a' },
  motif: (color, accent) => [
    h('path', { d: 'M74.4 20.9 A38 38 0 1 1 37 14.3', fill: 'none', stroke: color, strokeWidth: 8, strokeLinecap: 'round' }),
    h('path', { d: 'M48.5 10 L38.6 23.8 L33.4 5.2 Z', fill: color, stroke: color, strokeWidth: 3, strokeLinejoin: 'round' }),
    h('path', { d: 'M33 51 L45 63 L68 38', fill: 'none', stroke: color, strokeWidth: 9, strokeLinecap: 'round', strokeLinejoin: 'round' }),
    h('circle', { cx: 79, cy: 17, r: 5, fill: accent }),
  ],
};

/** The Recovery badge. */
export const recovery: BadgeTemplate = badgeTemplate(recoveryDesign);
