import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { jsonLdText } from '../credentials/json-ld-response.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../lib/errors.ts';
import { findAward } from './award-queries.ts';
import { hostedAssertionText } from './hosted-assertion.ts';

/**
 * The hosted 2.0 assertion, read by every verifier: answered ahead of the middleware (see
 * createApp). An id with no assertion falls through to the full chain's 404.
 */
export function hostedAssertionRoutes(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.get('/ob2/assertions/:id', async (c, next) => {
    const assertion = await hostedAssertionText(ctx, c.req.param('id'));
    if (!assertion) return next();
    // A revocation must be seen at once: the hosted copy is never cached for long.
    return jsonLdText(assertion, 'no-cache');
  });
  return app;
}

/** The signed 3.0 credential of a claimed award, served at exactly its id. */
export function awardCredentialRoutes(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.get('/ob3/credentials/:id', async (c) => {
    const award = await findAward(ctx.db, c.req.param('id'));
    if (!award?.ob3_credential) throw notFound();
    return new Response(award.ob3_credential, {
      headers: { 'Content-Type': 'application/vc+ld+json; charset=utf-8', 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' },
    });
  });
  return app;
}
