import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/**
 * Serves the few static files in src/views/assets, and those of installed packages named in
 * `packaged` (served name → absolute path), read once at start, with ETags.
 */
export function assetRoutes(names: string[], packaged: Record<string, string> = {}) {
  const sources: [string, URL | string][] = [
    ...names.map((name): [string, URL] => [name, new URL(`../views/assets/${name}`, import.meta.url)]),
    ...Object.entries(packaged),
  ];
  const files = new Map(
    sources.map(([name, source]) => {
      const body = readFileSync(source);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      return [name, { body, etag, type: TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream' }];
    }),
  );
  return new Hono().get('/:name', (c) => {
    const file = files.get(c.req.param('name'));
    if (!file) return c.notFound();
    c.header('ETag', file.etag);
    c.header('Cache-Control', 'public, max-age=3600');
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    c.header('Content-Type', file.type);
    return c.body(file.body);
  });
}
