import type { Context } from 'hono';
import { AppError } from '../lib/errors.ts';

/** Reads a urlencoded or multipart form as strings (files are dropped); an unreadable body is a 400. */
export async function readForm(c: Context): Promise<Record<string, string>> {
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new AppError('bad_request', 400, 'error.badRequest');
  }
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') form[key] = first;
  }
  return form;
}
