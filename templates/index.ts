import { type BadgeDesign, type BadgeTemplate, badgeTemplate } from './badge-layout.ts';
import { elan } from './elan.ts';
import { h } from './h.ts';
import { initiative } from './initiative.ts';
import { partnership } from './partnership.ts';
import { presence } from './presence.ts';
import { recovery } from './recovery.ts';
import { relational } from './relational.ts';

export type { BadgeData, BadgeDesign, BadgeTemplate } from './badge-layout.ts';

/**
 * The version of the designs. Stored beside every rendered image: raise it when a design changes
 * and the images are rendered again.
 */
export const TEMPLATE_VERSION = 1;

/** The template of each default category, by slug. */
export const BADGE_TEMPLATES: Record<string, BadgeTemplate> = { presence, relational, recovery, initiative, partnership, elan };

/**
 * The design for a category: its own for the six defaults; for a category the issuer added, a
 * medallion in the category's colour with a star.
 */
export function badgeDesignFor(slug: string, color?: string): BadgeDesign {
  if (Object.hasOwn(BADGE_TEMPLATES, slug)) return BADGE_TEMPLATES[slug]!.design;
  const base = /^#[0-9a-f]{6}$/i.test(color ?? '') ? color!.toLowerCase() : '#475569';
  return {
    palette: {
      base,
      deep: mix(base, '#000000', 0.35),
      tint: mix(base, '#ffffff', 0.92),
      tintStrong: mix(base, '#ffffff', 0.78),
      accent: '#f2b84b',
    },
    motif: (fill, accent) => [
      h('path', {
        d: 'M50 8 L61 37 L92 38 L68 57 L76 88 L50 71 L24 88 L32 57 L8 38 L39 37 Z',
        fill,
        stroke: fill,
        strokeWidth: 4,
        strokeLinejoin: 'round',
      }),
      h('circle', { cx: 86, cy: 14, r: 6, fill: accent }),
    ],
  };
}

/** The badge template for a category (see badgeDesignFor). */
export function badgeTemplateFor(slug: string, color?: string): BadgeTemplate {
  return Object.hasOwn(BADGE_TEMPLATES, slug) ? BADGE_TEMPLATES[slug]! : badgeTemplate(badgeDesignFor(slug, color));
}

/** A blend of two #rrggbb colours: t = 0 is the first, 1 the second. */
function mix(from: string, to: string, t: number): string {
  const channel = (hex: string, i: number) => Number.parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16);
  return `#${[0, 1, 2]
    .map((i) =>
      Math.round(channel(from, i) * (1 - t) + channel(to, i) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}
