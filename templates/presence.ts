import { type BadgeDesign, type BadgeTemplate, badgeTemplate } from './badge-layout.ts';
import { h } from './h.ts';

/** Presence: ripples around a point, the attention that settles on one person at a time. */
export const presenceDesign: BadgeDesign = {
  palette: { base: '#1f6f8b', deep: '#134a5e', tint: '#eaf4f8', tintStrong: '#cfe6ef', accent: '#f2b84b' },
  motif: (color, accent) => [
    h('circle', { cx: 50, cy: 50, r: 11, fill: color }),
    h('circle', { cx: 50, cy: 50, r: 25, fill: 'none', stroke: color, strokeWidth: 6 }),
    h('circle', { cx: 50, cy: 50, r: 40, fill: 'none', stroke: color, strokeWidth: 4.5, strokeOpacity: 0.45 }),
    h('circle', { cx: 78, cy: 22, r: 6, fill: accent }),
  ],
};

/** The Presence badge. */
export const presence: BadgeTemplate = badgeTemplate(presenceDesign);
