/** The English catalogue of a feature must have exactly the keys of its French one. */
export type Catalogue<T extends Record<string, string>> = { readonly [K in keyof T]: string };
