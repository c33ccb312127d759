import { Hono } from 'hono';
import { z } from 'zod';
import { requireSignIn } from '../auth/guards.ts';
import { renderAwardImages } from '../awards/award-images.ts';
import type { AppContext } from '../context.ts';
import type { AppEnv } from '../http/env.ts';
import { readJson } from '../http/read-json.ts';
import { AppError } from '../lib/errors.ts';
import type { ReviewMail } from './review-mail.ts';
import {
  approveNomination,
  attachToWorkplace,
  declineNomination,
  getNominationForReview,
  listNominations,
  nominationJson,
  reissueClaimLink,
} from './review-service.ts';

const STATUSES = ['submitted', 'approved', 'declined', 'withdrawn', 'claimed', 'revoked', 'erased'] as const;
const listQuery = z.object({
  status: z.enum(STATUSES).optional(),
  workplace: z.string().max(64).optional(),
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
const optionalEmail = z.strictObject({ employeeEmail: z.email().max(254).optional(), lang: z.enum(['fr', 'en']).optional() });
const declineBody = z.strictObject({ reason: z.string().max(1000), shareReason: z.boolean().optional() });

/** The review API: the queue, one nomination with its history, approve, decline, attach, claim links. */
export function reviewApi(ctx: AppContext, mail: ReviewMail) {
  const app = new Hono<AppEnv>();
  const signedIn = requireSignIn();

  app.get('/nominations', signedIn, async (c) => {
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) throw new AppError('validation', 400, 'error.validation', { query: 'error.badRequest' });
    const page = await listNominations(ctx, c.get('actor')!, query.data);
    return c.json({ items: page.items.map(nominationJson), next: page.next });
  });

  app.get('/nominations/:id', signedIn, async (c) => {
    const { nomination, events, award } = await getNominationForReview(ctx, c.get('actor')!, c.req.param('id'));
    return c.json({
      id: nomination.id,
      status: nomination.status,
      staffFirstName: nomination.staff_first_name,
      category: nomination.category_slug,
      momentDate: nomination.moment_date,
      story: nomination.story,
      award: award ? { id: award.id, status: award.status } : null,
      events: events.map((e) => ({ type: e.type, actor: e.actor, reason: e.reason, at: e.created_at })),
    });
  });

  app.post('/nominations/:id/approve', signedIn, async (c) => {
    const body = optionalEmail.safeParse(await readJson(c, { optional: true }));
    if (!body.success) throw new AppError('validation', 400, 'error.validation', { employeeEmail: 'validation.email' });
    const award = await approveNomination(ctx, c.get('actor')!, c.req.param('id'), mail.onApproved(body.data.employeeEmail ?? null));
    mail.nudge();
    ctx.later('rendering badge images', () => renderAwardImages(ctx, award.id));
    return c.json({ award: { id: award.id, claimUrl: award.claimUrl, claimExpiresAt: award.claimExpiresAt } });
  });

  app.post('/nominations/:id/decline', signedIn, async (c) => {
    const body = declineBody.safeParse(await readJson(c));
    if (!body.success) throw new AppError('validation', 400, 'error.validation', { reason: 'review.reasonLength' });
    await declineNomination(
      ctx,
      c.get('actor')!,
      c.req.param('id'),
      body.data.reason,
      mail.onDeclined(body.data.shareReason ? body.data.reason : null),
    );
    mail.nudge();
    return c.json({ id: c.req.param('id'), status: 'declined' });
  });

  app.post('/nominations/:id/attach', signedIn, async (c) => {
    const body = z.strictObject({ workplace: z.string().max(64) }).safeParse(await readJson(c));
    if (!body.success) throw new AppError('validation', 400, 'error.validation', { workplace: 'validation.workplaceUnknown' });
    await attachToWorkplace(ctx, c.get('actor')!, c.req.param('id'), body.data.workplace);
    return c.json({ id: c.req.param('id'), workplace: body.data.workplace });
  });

  app.post('/awards/:id/claim-link', signedIn, async (c) => {
    const body = optionalEmail.safeParse(await readJson(c, { optional: true }));
    if (!body.success) throw new AppError('validation', 400, 'error.validation', { employeeEmail: 'validation.email' });
    const link = await reissueClaimLink(ctx, c.get('actor')!, c.req.param('id'));
    if (body.data.employeeEmail) await mail.sendClaimLink(body.data.employeeEmail, body.data.lang ?? c.get('lang'), link);
    return c.json({ award: { id: link.awardId, claimUrl: link.claimUrl, claimExpiresAt: link.claimExpiresAt } });
  });

  return app;
}
