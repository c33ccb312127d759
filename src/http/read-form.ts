import type { Context } from 'hono';
import { AppError } from '../lib/errors.ts';

/** Reads a urlencoded or multipart form as strings (files are dropped, a repeated field keeps its first value); an unreadable body is a 400. */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const form: Record<string, string> = {};
  for (const [key, values] of Object.entries(await readFormLists(c))) if (values[0] !== undefined) form[key] = values[0];
  return form;
}

/** Reads a form with every value of a repeated field (a list of checkboxes), in order; files are dropped. */
export async function readFormLists(c: Context): Promise<Record<string, string[]>> {
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw new AppError('bad_request', 400, 'error.badRequest');
  }
  const form: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    form[key] = (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
  }
  return form;
}
