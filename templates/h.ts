// Satori takes React-like element objects ({ type, props: { style, children } }); this builds them
// without React or a JSX runtime, so a design stays a plain function of its data.

/** Inline CSS, as Satori reads it (camelCase properties, numbers in pixels). */
export type Style = Record<string, string | number>;

/** What Satori draws: an element, a text, or nothing. */
export type SatoriNode = SatoriElement | string | null | undefined | false;

/** An element, as Satori takes it. */
export type SatoriElement = { type: string; key: null; props: Record<string, unknown> & { children?: SatoriNode | SatoriNode[] } };

/** An element with its props and children (null, undefined and false children are dropped). */
export function h(type: string, props: Record<string, unknown> | null, ...children: SatoriNode[]): SatoriElement {
  const kept = children.filter((child) => child !== null && child !== undefined && child !== false);
  return {
    type,
    key: null,
    props: { ...props, ...(kept.length === 0 ? {} : { children: kept.length === 1 ? kept[0] : kept }) },
  };
}

/** A flex box: Satori lays out every element with more than one child as flex or block. */
export function box(style: Style, ...children: SatoriNode[]): SatoriElement {
  return h('div', { style: { display: 'flex', ...style } }, ...children);
}
