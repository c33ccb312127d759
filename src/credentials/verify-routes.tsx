import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { clientAddress } from '../http/client-address.ts';
import { type AppContextHono, type AppEnv, pageProps } from '../http/env.ts';
import { readJson } from '../http/read-json.ts';
import type { MessageKey } from '../i18n/index.ts';
import { AppError } from '../lib/errors.ts';
import { ErrorSummary, Field } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageProps } from '../views/types.ts';
import {
  countVerification,
  type FindHostedAssertion,
  textWithinBudget,
  type VerifyInput,
  VerifyInputError,
  type VerifyResult,
  verifyBadge,
} from './verify-service.ts';

export const VERIFY_UPLOAD_LIMIT = 2 * 1024 * 1024;
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
// What a JSON credential may arrive as: a JSON type, plain text, or a type the browser could not tell.
const JSON_FILE_TYPES = /^(application\/([\w.+-]+\+)?json|text\/plain|application\/octet-stream|)$/i;

/**
 * The status of each refusal: too large (413), not a kind of file we read (415), an unreadable PNG (400), a
 * document past the JSON budget (422: well formed, but too complex to check).
 */
const REFUSAL: Record<VerifyInputError['messageKey'], { status: 400 | 413 | 415 | 422; code: string }> = {
  'verify.tooLarge': { status: 413, code: 'too_large' },
  'verify.badType': { status: 415, code: 'unsupported_media_type' },
  'verify.badPng': { status: 400, code: 'bad_png' },
  'verify.tooComplex': { status: 422, code: 'too_complex' },
};

/**
 * Turns an uploaded file into what verifyBadge reads: a PNG by its signature, or JSON text. A file
 * that says it is a PNG and is not one is an unreadable PNG; any other kind of file is refused.
 */
async function fileInput(file: File): Promise<VerifyInput> {
  if (file.size > VERIFY_UPLOAD_LIMIT) throw new VerifyInputError('verify.tooLarge');
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (PNG_MAGIC.every((b, i) => bytes[i] === b)) return { png: bytes };
  if (file.type.toLowerCase() === 'image/png' || /\.png$/i.test(file.name)) throw new VerifyInputError('verify.badPng');
  if (!JSON_FILE_TYPES.test(file.type.split(';')[0]!.trim())) throw new VerifyInputError('verify.badType');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).trim();
  if (text.startsWith('{')) return { json: text };
  throw new VerifyInputError('verify.badType');
}

/** Reads a multipart form (file, url, json, email) into a verification request. */
async function formInput(c: AppContextHono): Promise<{ input: VerifyInput | null; email: string | null }> {
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new AppError('bad_request', 400, 'error.badRequest');
  }
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const file = first(body.file);
  const url = first(body.url);
  const json = first(body.json) ?? first(body.credential);
  const email = first(body.email);
  const emailText = typeof email === 'string' && email.trim() ? email.trim() : null;
  if (file instanceof File && file.size > 0) return { input: await fileInput(file), email: emailText };
  if (typeof url === 'string' && url.trim()) return { input: { url: url.trim() }, email: emailText };
  if (typeof json === 'string' && json.trim()) return { input: { json }, email: emailText };
  return { input: null, email: emailText };
}

function VerifyPage(props: PageProps & { result: VerifyResult | null; message?: string | undefined; url: string }) {
  const { t, result } = props;
  const verdictKey: Record<VerifyResult['verdict'], MessageKey> = {
    valid: 'verify.result.valid',
    revoked: 'verify.result.revoked',
    tampered: 'verify.result.tampered',
    unknown: 'verify.result.unknown',
    invalid: 'verify.result.invalid',
  };
  return (
    <Layout {...props} title={t('verify.title')}>
      <h1>{t('verify.title')}</h1>
      <p class="lead">{t('verify.lead')}</p>
      {result ? (
        <section aria-live="polite">
          <p class={`verdict ${result.valid ? 'valid' : 'bad'}`} role="status">
            {t(verdictKey[result.verdict])}
          </p>
          <ul class="checks">
            {result.checks.map((check) => (
              <li class={check.ok ? 'ok' : 'fail'}>{check.message}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <ErrorSummary message={props.message} />
      <form method="post" action="/verify" enctype="multipart/form-data" class="card">
        <Field name="file" label={t('verify.file')}>
          {(aria) => <input type="file" name="file" accept="image/png,application/json,.json,.png" {...aria} />}
        </Field>
        <Field name="url" label={t('verify.url')}>
          {(aria) => <input type="url" name="url" value={props.url} {...aria} />}
        </Field>
        <Field name="json" label={t('verify.json')}>
          {(aria) => <textarea name="json" rows={4} {...aria} />}
        </Field>
        <Field name="email" label={t('verify.email')} hint={t('verify.email.hint')}>
          {(aria) => <input type="email" name="email" autocomplete="off" {...aria} />}
        </Field>
        <button type="submit">{t('verify.submit')}</button>
      </form>
    </Layout>
  );
}

/** /verify (page) and POST /api/v1/verify (multipart `file`, or JSON {url} / {credential}); awards' assertions are found through findHostedAssertion. */
export function verifyRoutes(ctx: AppContext, findHostedAssertion: FindHostedAssertion) {
  const app = new Hono<AppEnv>();

  app.get('/verify', (c) => c.html(<VerifyPage {...pageProps(c)} result={null} url={c.req.query('url') ?? ''} />));

  app.post('/verify', async (c) => {
    const t = c.get('t');
    try {
      await countVerification(ctx, clientAddress(c, ctx.config.trustProxy));
    } catch (error) {
      // The page says it where the visitor looks, the form still there; the API answers through onError.
      if (!(error instanceof AppError)) throw error;
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return c.html(<VerifyPage {...pageProps(c)} result={null} message={t(error.messageKey)} url="" />, error.status);
    }
    try {
      const { input, email } = await formInput(c);
      if (!input) return c.html(<VerifyPage {...pageProps(c)} result={null} message={t('verify.nothing')} url="" />, 400);
      const result = await verifyBadge(ctx, findHostedAssertion, input, t, email);
      return c.html(<VerifyPage {...pageProps(c)} result={result} url={'url' in input ? input.url : ''} />);
    } catch (error) {
      if (!(error instanceof VerifyInputError)) throw error;
      return c.html(<VerifyPage {...pageProps(c)} result={null} message={t(error.messageKey)} url="" />, REFUSAL[error.messageKey].status);
    }
  });

  app.post('/api/v1/verify', async (c) => {
    const t = c.get('t');
    await countVerification(ctx, clientAddress(c, ctx.config.trustProxy));
    try {
      let input: VerifyInput | null;
      let email: string | null = null;
      if (/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
        ({ input, email } = await formInput(c));
      } else {
        const json = await readJson(c, { beforeParse: (text) => textWithinBudget(text, 1) });
        // Any JSON value parses; only an object can hold {url} or {credential}.
        const body =
          json !== null && typeof json === 'object' && !Array.isArray(json)
            ? (json as { url?: unknown; credential?: unknown; email?: unknown })
            : null;
        email = typeof body?.email === 'string' ? body.email : null;
        input =
          typeof body?.url === 'string'
            ? { url: body.url }
            : body && 'credential' in body
              ? typeof body.credential === 'string'
                ? { json: body.credential }
                : { credential: body.credential }
              : null;
      }
      if (!input) throw new AppError('validation', 400, 'verify.nothing', { file: 'verify.nothing' });
      const result = await verifyBadge(ctx, findHostedAssertion, input, t, email);
      return c.json({
        valid: result.valid,
        format: result.format,
        formats: result.formats,
        verdict: result.verdict,
        checks: result.checks,
        revoked: result.revoked,
      });
    } catch (error) {
      if (error instanceof VerifyInputError)
        throw new AppError(REFUSAL[error.messageKey].code, REFUSAL[error.messageKey].status, error.messageKey);
      throw error;
    }
  });

  return app;
}
