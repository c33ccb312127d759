import { Hono } from 'hono';
import { z } from 'zod';
import { requireSignIn } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import type { AppEnv } from '../http/env.ts';
import { readJson } from '../http/read-json.ts';
import { msg, optionalEmailAddress, parseInput } from '../lib/validation.ts';
import { NOMINATION_STATUSES } from '../nominations/nomination-lifecycle.ts';
import {
  approveNomination,
  attachToWorkplace,
  declineAsSpam,
  declineNomination,
  getNominationForReview,
  listNominations,
  nominationJson,
  reissueClaimLink,
  SPAM_BATCH_MAX,
} from './review-service.ts';

// A query parameter at fault is named with error.badRequest: these schemas name no message of their own.
const listQuery = z.object({
  status: z.enum(NOMINATION_STATUSES).optional(),
  workplace: z.string().max(64).optional(),
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
const optionalEmail = z.strictObject(
  { employeeEmail: optionalEmailAddress, lang: z.enum(['fr', 'en'], msg('validation.lang')).optional() },
  msg('validation.object'),
);
const declineBody = z.strictObject(
  {
    reason: z.string(msg('review.reasonLength')).max(1000, msg('review.reasonLength')),
    shareReason: z.boolean(msg('validation.boolean')).optional(),
  },
  msg('validation.object'),
);
const spamBody = z.strictObject(
  {
    ids: z
      .array(z.string(msg('spam.ids')).max(40, msg('spam.ids')), msg('spam.ids'))
      .min(1, msg('spam.ids'))
      .max(SPAM_BATCH_MAX, msg('spam.ids')),
    reason: z.string(msg('review.reasonLength')).max(1000, msg('review.reasonLength')),
  },
  msg('validation.object'),
);
const attachBody = z.strictObject(
  { workplace: z.string(msg('validation.workplaceUnknown')).max(64, msg('validation.workplaceUnknown')) },
  msg('validation.object'),
);

/** The review API: the queue, one nomination with its history, approve, decline (one, or spam by the batch), attach, claim links. */
export function reviewApi(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  const signedIn = requireSignIn();

  app.get('/nominations', signedIn, async (c) => {
    const query = parseInput(listQuery, c.req.query(), 'error.badRequest');
    const page = await listNominations(ctx, c.get('actor')!, query);
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
    const body = parseInput(optionalEmail, await readJson(c, { optional: true }));
    const award = await approveNomination(ctx, c.get('actor')!, c.req.param('id'), { employeeEmail: body.employeeEmail });
    return c.json({ award: { id: award.id, claimUrl: award.claimUrl, claimExpiresAt: award.claimExpiresAt } });
  });

  app.post('/nominations/decline', signedIn, async (c) => {
    const body = parseInput(spamBody, await readJson(c));
    const declined = await declineAsSpam(ctx, c.get('actor')!, body.ids, body.reason);
    return c.json({ items: declined.map((id) => ({ id, status: 'declined' })) });
  });

  app.post('/nominations/:id/decline', signedIn, async (c) => {
    const body = parseInput(declineBody, await readJson(c));
    await declineNomination(ctx, c.get('actor')!, c.req.param('id'), body.reason, { shareReason: body.shareReason ?? false });
    return c.json({ id: c.req.param('id'), status: 'declined' });
  });

  app.post('/nominations/:id/attach', signedIn, async (c) => {
    const body = parseInput(attachBody, await readJson(c));
    await attachToWorkplace(ctx, c.get('actor')!, c.req.param('id'), body.workplace);
    return c.json({ id: c.req.param('id'), workplace: body.workplace });
  });

  app.post('/awards/:id/claim-link', signedIn, async (c) => {
    const body = parseInput(optionalEmail, await readJson(c, { optional: true }));
    const mailTo = body.employeeEmail ? { email: body.employeeEmail, lang: body.lang ?? c.get('lang') } : null;
    const link = await reissueClaimLink(ctx, c.get('actor')!, c.req.param('id'), mailTo);
    return c.json({ award: { id: link.awardId, claimUrl: link.claimUrl, claimExpiresAt: link.claimExpiresAt } });
  });

  return app;
}
