import type { Context } from 'hono';
import { AppError } from '../lib/errors.ts';
import { nodeMessage } from './node-message.ts';

/**
 * Reads a JSON body; broken JSON or another content type is the caller's mistake, never a 500.
 * With `optional`, an empty body (with or without a content type) reads as `{}`. `beforeParse` sees the text
 * first and may refuse it by throwing (a body from anyone, weighed before it costs a parse).
 */
export async function readJson(c: Context, options: { optional?: boolean; beforeParse?: (text: string) => void } = {}): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  const text = await bodyText(c);
  if (options.optional && text.trim() === '') return {};
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new AppError('unsupported_media_type', 415, 'error.unsupportedMediaType');
  options.beforeParse?.(text);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_json', 400, 'error.badJson');
  }
}

const utf8 = new TextDecoder();

/**
 * The body as text. Behind @hono/node-server a body of a declared length that nothing has read yet
 * is taken straight from Node's message, since asking Hono for it first builds a Fetch Request, an
 * abort signal and a web stream around it; its length was checked by body-limit.ts and Node's parser
 * never delivers more. A chunked body, or one made in-process (tests), comes through Hono; both paths
 * decode UTF-8 alike (a BOM dropped, a broken sequence turned into U+FFFD).
 */
async function bodyText(c: Context): Promise<string> {
  const incoming = nodeMessage(c);
  const untouched = incoming !== undefined && !incoming.readableDidRead && incoming.readableFlowing === null;
  if (!untouched || c.req.header('content-length') === undefined || c.req.header('transfer-encoding') !== undefined) return c.req.text();
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
}
