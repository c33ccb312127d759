import type { Context } from 'hono';
import { AppError } from '../lib/errors.ts';

/**
 * Reads a JSON body; broken JSON or another content type is the caller's mistake, never a 500.
 * With `optional`, an empty body (with or without a content type) reads as `{}`.
 */
export async function readJson(c: Context, options: { optional?: boolean } = {}): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (options.optional && text.trim() === '') return {};
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new AppError('unsupported_media_type', 415, 'error.unsupportedMediaType');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_json', 400, 'error.badJson');
  }
}
