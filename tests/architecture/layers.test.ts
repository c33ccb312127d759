import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layers of src/, lowest first, as the README's layout states them. A module may import from its own folder and
// from any lower layer; never from a higher one, nor from another folder of its own layer. Type-only imports are
// erased at run time and are left out (features name the AppContext's type; context.ts builds it from them).
const LAYERS: readonly (readonly string[])[] = [
  ['i18n'],
  ['lib'],
  ['db'],
  ['http', 'views', 'rate-limit'],
  ['badges'],
  ['auth'],
  ['categories', 'workplaces'],
  ['credentials'],
  ['pool'],
  ['mail'],
  ['nominations'],
  ['awards'],
  ['review', 'claims'],
  ['wall', 'home'],
  ['.'],
  ['ops'],
];

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative modules a file loads at run time: imports and re-exports that are not type-only, and dynamic imports. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings)
          ? clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((element) => element.isTypeOnly)
          : false);
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) found.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((specifier) => specifier.startsWith('.')).map((specifier) => resolve(dirname(file), specifier));
}

/** The folder of src/ a file belongs to ('.' for the wiring files at its root), or null outside src/. */
function folderOf(path: string): string | null {
  const inside = relative(SRC, path);
  if (inside.startsWith('..')) return null;
  return inside.includes('/') ? (inside.split('/')[0] ?? '.') : '.';
}

function layerOf(folder: string): number {
  const index = LAYERS.findIndex((layer) => layer.includes(folder));
  if (index < 0) throw new Error(`src/${folder}/ is in no layer: add it to LAYERS and to the README's layout`);
  return index;
}

const files = sourceFiles(SRC);
const edges = files.flatMap((from) => runtimeImports(from).map((to) => ({ from, to })));

describe('the layers of src/', () => {
  it('puts every folder of src/ in a layer', () => {
    const folders = [...new Set(files.map((file) => folderOf(file) ?? '.'))];
    expect(folders.filter((folder) => !LAYERS.some((layer) => layer.includes(folder)))).toEqual([]);
  });

  it('has no module importing from a higher layer or from another folder of its own layer', () => {
    const wrong = edges.flatMap(({ from, to }) => {
      const own = folderOf(from) as string;
      const target = folderOf(to);
      if (target === null || target === own) return [];
      const [mine, theirs] = [layerOf(own), layerOf(target)];
      return theirs < mine ? [] : [`${relative(SRC, from)} → ${relative(SRC, to)}`];
    });
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const next = new Map<string, string[]>();
    for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const walk = (file: string, path: string[]) => {
      state.set(file, 'open');
      for (const to of next.get(file) ?? []) {
        if (state.get(to) === 'open') cycles.push([...path.slice(path.indexOf(to)), to].map((f) => relative(SRC, f)).join(' → '));
        else if (!state.has(to)) walk(to, [...path, to]);
      }
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) walk(file, [file]);
    expect(cycles).toEqual([]);
  });
});
