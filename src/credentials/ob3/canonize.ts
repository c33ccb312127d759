import { randomBytes } from 'node:crypto';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as rdfCanonize from 'rdf-canonize';
import { bundledContexts } from './document-loader.ts';

/**
 * RDFC-1.0 canonicalisation of credentials that share a shape, without running JSON-LD expansion for each one:
 * jsonld.js's expansion, which re-processes every type-scoped context for every node (jsonld.js issue 414), is the
 * slow part of a signature (docs/performance.md), and two credentials of one shape differ only in their leaves.
 *
 * The stock canonicaliser runs once per shape with a unique placeholder at each leaf; its dataset is kept as a
 * template, and a later credential of that shape puts its own strings back in, so only rdf-canonize runs. Every
 * doubt falls back to the stock path: a leaf whose placeholder did not come out unchanged is kept verbatim in the
 * shape, a value in an IRI slot must be an absolute IRI JSON-LD leaves as it is, leaves that would make two quads
 * identical go the stock way, and a new template must reproduce the stock output of its first credential.
 */

type NamedNode = { termType: 'NamedNode'; value: string };
type Term =
  | NamedNode
  | { termType: 'BlankNode'; value: string }
  | { termType: 'Literal'; value: string; datatype: NamedNode; language?: string }
  | { termType: 'DefaultGraph'; value: '' };
type Quad = { subject: Term; predicate: Term; object: Term; graph: Term };

/** What DataIntegrityProof passes to `cryptosuite.canonize`. */
export type CanonizeOptions = {
  documentLoader: unknown;
  base?: string | null;
  safe?: boolean;
  skipExpansion?: boolean;
  [option: string]: unknown;
};
type Canonize = (input: object, options: CanonizeOptions) => Promise<string>;

const stockCanonize = eddsaRdfc2022.canonize as Canonize;

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
// Keys whose strings are part of the shape, never leaves: contexts, and types (a type picks a type-scoped context).
const SHAPE_KEYS = new Set(['@context', 'type', '@type']);
const isLeaf = (key: string | null) => key === null || !SHAPE_KEYS.has(key);
const OPTION_KEYS = new Set(['documentLoader', 'base', 'safe', 'skipExpansion', 'expansionMap']);
// What JSON-LD returns unchanged as an IRI and jsonld.js's toRDF accepts as absolute (no space, nothing N-Quads escapes).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the class excludes.
const PLAIN_ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\u0000-\u001f\u007f-\u009f<>"{}|\\^`]*$/u;
const SCHEME_AND_SLASHES = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

// A placeholder must not occur in anything real: a random marker per process.
const MARKER = `elan${randomBytes(6).toString('hex')}p`;
const PLACEHOLDER_INDEX = new RegExp(`${MARKER}(\\d+)_`, 'g');

/** How many shapes are remembered: Élan signs two (badges and status lists, each with and without optional parts). */
const MAX_SHAPES = 64;
/** Per shape, how many combinations of its verbatim leaves (the issuer's DID, a proof purpose) are remembered. */
const MAX_VARIANTS_PER_SHAPE = 16;

let contextTermsWithColon: Set<string> | null = null;

/** Terms of the bundled contexts that look like IRIs: such a value in an @vocab slot would be looked up as a term. */
function termsWithColon(): Set<string> {
  if (contextTermsWithColon) return contextTermsWithColon;
  const terms = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key.includes(':')) terms.add(key);
        collect(inner);
      }
    }
  };
  for (const context of bundledContexts.values()) collect(context);
  contextTermsWithColon = terms;
  return terms;
}

class NotTemplatable extends Error {}

type Shape = {
  /** The JSON structure, every string that is not a leaf, and the kind of each leaf's string. */
  key: string;
  /** The leaf strings, in document order. */
  leaves: string[];
  /** Per leaf: the placeholder of the same kind. */
  placeholders: string[];
};

function placeholderFor(value: string, index: number): { tag: string; placeholder: string } {
  const id = `${MARKER}${index}_`;
  if (SCHEME_AND_SLASHES.test(value)) return { tag: '#A', placeholder: `https://${id}.invalid/` };
  const scheme = SCHEME.exec(value)?.[1];
  if (scheme !== undefined) return { tag: `#C${JSON.stringify(scheme)}`, placeholder: `${scheme}:${id}` };
  return { tag: '#P', placeholder: id };
}

/** The shape of a JSON document, or NotTemplatable for anything that is not plain JSON. */
function shapeOf(input: unknown): Shape {
  const leaves: string[] = [];
  const placeholders: string[] = [];
  const walk = (value: unknown, key: string | null): string => {
    if (typeof value === 'string') {
      if (!isLeaf(key)) return JSON.stringify(value);
      const { tag, placeholder } = placeholderFor(value, leaves.length);
      leaves.push(value);
      placeholders.push(placeholder);
      return tag;
    }
    if (value === null || typeof value === 'boolean') return String(value);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new NotTemplatable('a number that is not finite');
      return JSON.stringify(value);
    }
    if (Array.isArray(value)) return `[${value.map((item) => walk(item, key)).join(',')}]`;
    if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      let out = '{';
      for (const [k, v] of Object.entries(value)) {
        if (k === '@context') {
          assertBundledContexts(v);
          out += `"@context":${JSON.stringify(v)},`;
        } else out += `${JSON.stringify(k)}:${walk(v, k)},`;
      }
      return `${out}}`;
    }
    throw new NotTemplatable(`a ${typeof value} in the document`);
  };
  return { key: walk(input, null), leaves, placeholders };
}

// The bundled contexts are the same for every loader Élan builds; a context given inline or by another URL is not.
function assertBundledContexts(context: unknown): void {
  const urls = Array.isArray(context) ? context : [context];
  if (!urls.every((url) => typeof url === 'string' && bundledContexts.has(url))) throw new NotTemplatable('a context that is not bundled');
}

/** The document with leaf `i` replaced by `text(i)`, walked in the same order as shapeOf. */
function withLeaves(input: unknown, text: (index: number) => string): unknown {
  let index = 0;
  const walk = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'string') {
      return isLeaf(key) ? text(index++) : value;
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, key));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = k === '@context' ? v : walk(v, k);
      return out;
    }
    return value;
  };
  return walk(input, null);
}

/** Where a leaf's string goes in the template: -1 for a term that stays as it is. */
type TemplateQuad = { quad: Quad; subject: number; object: number; graph: number };
type Template = { quads: TemplateQuad[]; iriLeaves: number[] };

type Occurrence = { iri: boolean; literal: boolean; type: boolean };

/**
 * Reads a dataset made with placeholders: where each one came out, and which leaves must be verbatim (their
 * placeholder was changed, dropped, used as a type, a datatype, a language or a predicate).
 */
function readPlaceholders(quads: Quad[], shape: Shape, verbatim: ReadonlySet<number>) {
  const index = new Map<string, number>();
  shape.placeholders.forEach((placeholder, i) => {
    if (!verbatim.has(i)) index.set(placeholder, i);
  });
  const seen = new Map<number, Occurrence>();
  const mustBeVerbatim = new Set<number>();
  const embedded = (text: string | undefined) => {
    if (!text?.includes(MARKER)) return;
    for (const match of text.matchAll(PLACEHOLDER_INDEX)) mustBeVerbatim.add(Number(match[1]));
  };
  const note = (term: Term, isType: boolean) => {
    if (term.termType === 'NamedNode' || term.termType === 'Literal') {
      const leaf = index.get(term.value);
      if (leaf === undefined) embedded(term.value);
      else {
        const occurrence = seen.get(leaf) ?? { iri: false, literal: false, type: false };
        if (term.termType === 'NamedNode') occurrence.iri = true;
        else occurrence.literal = true;
        if (isType) occurrence.type = true;
        seen.set(leaf, occurrence);
      }
      if (term.termType === 'Literal') {
        embedded(term.datatype.value);
        embedded(term.language);
      }
    }
  };
  for (const quad of quads) {
    note(quad.subject, false);
    embedded(quad.predicate.value);
    note(quad.object, quad.predicate.value === RDF_TYPE);
    note(quad.graph, false);
  }
  for (const leaf of index.values()) {
    const occurrence = seen.get(leaf);
    if (!occurrence || occurrence.type || (occurrence.iri && occurrence.literal)) mustBeVerbatim.add(leaf);
  }
  return { seen, mustBeVerbatim };
}

const termKey = (term: Term) =>
  term.termType === 'Literal' ? `"${term.value}"^^${term.datatype.value}@${term.language ?? ''}` : `${term.termType}:${term.value}`;
const quadKey = (quad: Quad) => `${termKey(quad.subject)} ${termKey(quad.predicate)} ${termKey(quad.object)} ${termKey(quad.graph)}`;

function withLeaf(term: Term, leaf: number, leaves: readonly string[]): Term {
  if (leaf < 0) return term;
  return { ...term, value: leaves[leaf] } as Term;
}

/** The template's dataset with these leaves put back; null when two quads would become one (the stock path merges them). */
function fill(template: Template, leaves: readonly string[]): Quad[] | null {
  const terms = termsWithColon();
  for (const leaf of template.iriLeaves) {
    const value = leaves[leaf] ?? '';
    if (!PLAIN_ABSOLUTE_IRI.test(value) || value.startsWith('_:') || terms.has(value)) return null;
  }
  const quads = template.quads.map(({ quad, subject, object, graph }) =>
    subject < 0 && object < 0 && graph < 0
      ? quad
      : {
          subject: withLeaf(quad.subject, subject, leaves),
          predicate: quad.predicate,
          object: withLeaf(quad.object, object, leaves),
          graph: withLeaf(quad.graph, graph, leaves),
        },
  );
  const keys = new Set(quads.map(quadKey));
  return keys.size === quads.length ? quads : null;
}

const RDFC_OPTIONS = { algorithm: 'RDFC-1.0', format: 'application/n-quads' } as const;

const relabel = (term: Term): Term => (term.termType === 'BlankNode' ? { termType: 'BlankNode', value: `t${term.value}` } : term);

type Built = { template: Template; verbatim: Set<number> };

/**
 * Builds the template of a shape: the stock canonicaliser over the document with placeholders, again with each leaf
 * that did not come through kept verbatim, until every placeholder does. Null when the shape cannot have one.
 */
async function buildTemplate(input: object, shape: Shape, options: CanonizeOptions): Promise<Built | null> {
  const verbatim = new Set<number>();
  const documentWithPlaceholders = () =>
    withLeaves(input, (i) => (verbatim.has(i) ? (shape.leaves[i] ?? '') : (shape.placeholders[i] ?? ''))) as object;
  // Each pass makes at least one more leaf verbatim; a few passes are usual (types are verbatim from the start).
  for (let pass = 0; pass <= shape.leaves.length; pass++) {
    // Not safe mode here: a placeholder that lands where a relative IRI is dropped must come out missing, not throw.
    const quads = rdfCanonize.NQuads.parse(await stockCanonize(documentWithPlaceholders(), { ...options, safe: false })) as Quad[];
    const { mustBeVerbatim } = readPlaceholders(quads, shape, verbatim);
    if (mustBeVerbatim.size > 0) {
      for (const leaf of mustBeVerbatim) verbatim.add(leaf);
      continue;
    }
    // The same options as the stock path now: an error here is the one the stock path raises too.
    const final = rdfCanonize.NQuads.parse(await stockCanonize(documentWithPlaceholders(), options)) as Quad[];
    const check = readPlaceholders(final, shape, verbatim);
    if (check.mustBeVerbatim.size > 0 || new Set(final.map(quadKey)).size !== final.length) return null;
    // rdf-canonize keeps a blank node already labelled with its canonical prefix (c14n) as it is: relabel them.
    const relabelled = final.map((quad) => ({
      subject: relabel(quad.subject),
      predicate: quad.predicate,
      object: relabel(quad.object),
      graph: relabel(quad.graph),
    }));
    const leafOf = (term: Term) => {
      if (term.termType !== 'NamedNode' && term.termType !== 'Literal') return -1;
      const leaf = shape.placeholders.indexOf(term.value);
      return leaf >= 0 && !verbatim.has(leaf) ? leaf : -1;
    };
    const template: Template = {
      quads: relabelled.map((quad) => ({ quad, subject: leafOf(quad.subject), object: leafOf(quad.object), graph: leafOf(quad.graph) })),
      iriLeaves: [...check.seen].filter(([, occurrence]) => occurrence.iri).map(([leaf]) => leaf),
    };
    return { template, verbatim };
  }
  return null;
}

/**
 * A template, and whether it reproduced the stock output for the first real document it served (documents that
 * arrive while that is checked wait for the answer).
 */
type Variant = { template: Template; confirmed: Promise<boolean> | null; trusted: boolean };

type ShapeEntry = {
  /** The leaves kept verbatim in this shape, once its first template is built; null if it cannot have one. */
  verbatim: Promise<Set<number> | null> | null;
  /** Templates by the values of the verbatim leaves (the issuer's DID, a proof purpose); null where none can be made. */
  variants: Map<string, Promise<Variant | null>>;
};

/** How many canonicalisations used a template, how many ran the stock way, and how many templates were made. */
export type CanonizeStats = { templated: number; stock: number; templatesBuilt: number };

/** A canonicaliser that only reads templates another one learned: it never builds or keeps anything itself. */
export type TemplateReader = { canonize: Canonize; stats: CanonizeStats };

/** A canonicaliser with its own memory of shapes. */
export type TemplatedCanonizer = {
  canonize: Canonize;
  stats: CanonizeStats;
  /** A canonicaliser for documents from anyone: it uses this one's templates once they are confirmed, and learns nothing. */
  reader: () => TemplateReader;
  /** How many shapes are remembered. */
  readonly size: number;
  /** Forgets every shape. */
  clear: () => void;
};

/**
 * A canonicaliser that gives the same N-Quads as eddsa-rdfc-2022's, faster for documents of a shape it has seen.
 * It learns a shape's template the first time it canonicalises one: give it only documents Élan made itself, and
 * read what it learned for anyone else's through `reader()`.
 */
export function createTemplatedCanonizer(): TemplatedCanonizer {
  // Why: a template saves a JSON-LD expansion on every signature of its shape. Bounded: MAX_SHAPES shapes (the oldest
  // is dropped first) of MAX_VARIANTS_PER_SHAPE templates each, a template holding one credential's quads.
  const shapes = new Map<string, ShapeEntry>();
  const stats = { templated: 0, stock: 0, templatesBuilt: 0 };

  const stock = (input: object, canonizeOptions: CanonizeOptions) => {
    stats.stock++;
    return stockCanonize(input, canonizeOptions);
  };

  const variantOf = async (built: Promise<Built | null>, verbatim: ReadonlySet<number>): Promise<Variant | null> => {
    const result = await built.catch(() => null);
    if (!result || !sameSet(verbatim, result.verbatim)) return null;
    stats.templatesBuilt++;
    return { template: result.template, confirmed: null, trusted: false };
  };

  const canonize: Canonize = async (input, canonizeOptions) => {
    const shape = templatableShape(input, canonizeOptions);
    if (!shape) return stock(input, canonizeOptions);
    const key = shapeKey(shape, canonizeOptions);
    let entry = shapes.get(key);
    if (!entry) {
      entry = { verbatim: null, variants: new Map() };
      shapes.set(key, entry);
      if (shapes.size > MAX_SHAPES) shapes.delete(shapes.keys().next().value as string);
    }
    if (!entry.verbatim) {
      // The first build also says which leaves this shape keeps verbatim; its template is the first variant.
      const first = buildTemplate(input, shape, canonizeOptions).catch(() => null);
      const { variants } = entry;
      entry.verbatim = first.then((built) => {
        if (built) variants.set(variantKey(built.verbatim, shape), variantOf(first, built.verbatim));
        return built?.verbatim ?? null;
      });
    }
    const verbatim = await entry.verbatim;
    if (!verbatim) return stock(input, canonizeOptions);

    const variantId = variantKey(verbatim, shape);
    let pending = entry.variants.get(variantId);
    if (!pending) {
      pending = variantOf(buildTemplate(input, shape, canonizeOptions), verbatim);
      entry.variants.set(variantId, pending);
      if (entry.variants.size > MAX_VARIANTS_PER_SHAPE) entry.variants.delete(entry.variants.keys().next().value as string);
    }
    const variant = await pending;
    const quads = variant ? fill(variant.template, shape.leaves) : null;
    if (!variant || !quads) return stock(input, canonizeOptions);
    const nquads = await rdfCanonize.canonize(quads, RDFC_OPTIONS);
    if (!variant.confirmed) {
      // A template is trusted once it has given the stock output for a real document, not before.
      const expected = stock(input, canonizeOptions);
      const confirmation = expected.then(
        (stockNquads) => stockNquads === nquads,
        () => {
          // This document could not be canonicalised at all: the next one will confirm the template.
          variant.confirmed = null;
          return false;
        },
      );
      variant.confirmed = confirmation;
      if (!(await confirmation)) {
        if (variant.confirmed === confirmation) entry.variants.set(variantId, Promise.resolve(null));
        return expected;
      }
      variant.trusted = true;
    } else if (!(await variant.confirmed)) {
      return stock(input, canonizeOptions);
    }
    stats.templated++;
    return nquads;
  };

  const reader = (): TemplateReader => {
    const readerStats = { templated: 0, stock: 0, templatesBuilt: 0 };
    // Only a template that already gave the stock output for a document Élan made is used; a shape met here for
    // the first time goes the stock way and leaves no trace, whoever sent it.
    const read: Canonize = async (input, canonizeOptions) => {
      const shape = templatableShape(input, canonizeOptions);
      const entry = shape && shapes.get(shapeKey(shape, canonizeOptions));
      const verbatim = entry?.verbatim ? await entry.verbatim : null;
      const variant = shape && verbatim ? await entry?.variants.get(variantKey(verbatim, shape)) : null;
      const quads = shape && variant?.trusted ? fill(variant.template, shape.leaves) : null;
      if (!quads) {
        readerStats.stock++;
        return stockCanonize(input, canonizeOptions);
      }
      readerStats.templated++;
      return rdfCanonize.canonize(quads, RDFC_OPTIONS);
    };
    return { canonize: read, stats: readerStats };
  };

  return {
    canonize,
    stats,
    reader,
    get size() {
      return shapes.size;
    },
    clear: () => shapes.clear(),
  };
}

/** The shape of a document canonicalised with the options DataIntegrityProof passes; null when it must go the stock way. */
function templatableShape(input: object, canonizeOptions: CanonizeOptions): Shape | null {
  if (Object.keys(canonizeOptions).some((key) => !OPTION_KEYS.has(key)) || canonizeOptions.skipExpansion || canonizeOptions.expansionMap) {
    return null;
  }
  try {
    return shapeOf(input);
  } catch (error) {
    if (error instanceof NotTemplatable) return null;
    throw error;
  }
}

const shapeKey = (shape: Shape, canonizeOptions: CanonizeOptions) =>
  `${JSON.stringify([canonizeOptions.base ?? null, canonizeOptions.safe ?? true])}${shape.key}`;

const variantKey = (verbatim: ReadonlySet<number>, shape: Shape) =>
  JSON.stringify([...verbatim].sort((a, b) => a - b).map((leaf) => shape.leaves[leaf]));

function sameSet(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}
