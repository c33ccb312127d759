import { type BadgeDesign, type BadgeTemplate, badgeTemplate } from './badge-layout.ts';
import { h } from './h.ts';

const sparkle = (x: number, y: number, r: number) =>
  `M${x} ${y - r} C${x + r * 0.08} ${y - r * 0.3} ${x + r * 0.3} ${y - r * 0.08} ${x + r} ${y} ` +
  `C${x + r * 0.3} ${y + r * 0.08} ${x + r * 0.08} ${y + r * 0.3} ${x} ${y + r} ` +
  `C${x - r * 0.08} ${y + r * 0.3} ${x - r * 0.3} ${y + r * 0.08} ${x - r} ${y} ` +
  `C${x - r * 0.3} ${y - r * 0.08} ${x - r * 0.08} ${y - r * 0.3} ${x} ${y - r} Z`;

/** Initiative: a spark, the idea that comes before the request. */
export const initiativeDesign: BadgeDesign = {
  palette: { base: '#6d28d9', deep: '#4c1d95', tint: '#f4effd', tintStrong: '#e0d3fa', accent: '#f472b6' },
  motif: (color, accent) => [
    h('path', { d: sparkle(44, 54, 40), fill: color }),
    h('path', { d: sparkle(82, 18, 13), fill: accent }),
    h('circle', { cx: 84, cy: 46, r: 4, fill: color, fillOpacity: 0.5 }),
  ],
};

/** The Initiative badge. */
export const initiative: BadgeTemplate = badgeTemplate(initiativeDesign);
