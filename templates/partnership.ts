import { type BadgeDesign, type BadgeTemplate, badgeTemplate } from './badge-layout.ts';
import { h } from './h.ts';

/** Partnership: two rings linked, teams that carry a request together. */
export const partnershipDesign: BadgeDesign = {
  palette: { base: '#b45309', deep: '#78350f', tint: '#fdf5e8', tintStrong: '#f6e0bd', accent: '#0f9f8f' },
  motif: (color, accent) => [
    h('circle', { cx: 37, cy: 50, r: 25, fill: 'none', stroke: color, strokeWidth: 8 }),
    h('circle', { cx: 63, cy: 50, r: 25, fill: 'none', stroke: accent, strokeWidth: 8 }),
    // The left ring passes over the right one at the top crossing: the rings are linked, not stacked.
    h('path', { d: 'M50 28.6 A25 25 0 0 1 59.5 43', fill: 'none', stroke: color, strokeWidth: 8 }),
  ],
};

/** The Partnership badge. */
export const partnership: BadgeTemplate = badgeTemplate(partnershipDesign);
