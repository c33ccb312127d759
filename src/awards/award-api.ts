import { Hono } from 'hono';
import { assertCanReview } from '../auth/actor.ts';
import { requireSignIn } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import type { AppEnv } from '../http/env.ts';
import { readJson } from '../http/read-json.ts';
import { notFound } from '../lib/errors.ts';
import { findAward } from './award-queries.ts';
import { awardUrls } from './award-urls.ts';
import { revokeAward } from './revocation-service.ts';

/** GET /api/v1/awards/:id and POST /api/v1/awards/:id/revoke {reason}, for reviewers. */
export function awardApi(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.get('/:id', requireSignIn(), async (c) => {
    const award = await findAward(ctx.db, c.req.param('id'));
    if (!award) throw notFound();
    assertCanReview(c.get('actor'), award.workplace_id);
    const urls = awardUrls(ctx.config.publicUrl, award.id);
    const claimed = award.issued_on !== null && award.status === 'claimed';
    return c.json({
      id: award.id,
      status: award.status,
      nominationId: award.nomination_id,
      category: award.category_slug,
      staffFirstName: award.staff_first_name,
      momentDate: award.moment_date,
      lang: award.lang,
      createdAt: award.created_at,
      issuedOn: award.issued_on,
      publicPage: award.public_page === 1,
      revokedAt: award.revoked_at,
      revocationReason: award.revocation_reason,
      ...(claimed ? { pageUrl: urls.pageUrl, ob2AssertionUrl: urls.ob2AssertionUrl, ob3CredentialUrl: urls.ob3CredentialUrl } : {}),
    });
  });
  app.post('/:id/revoke', requireSignIn(), async (c) => {
    const body = (await readJson(c)) as { reason?: unknown } | null;
    await revokeAward(ctx, c.get('actor'), c.req.param('id'), body && typeof body === 'object' ? body.reason : undefined);
    return c.json({ id: c.req.param('id'), status: 'revoked' });
  });
  return app;
}
