import { Hono } from 'hono';
import { type AwardDetails, findAwardByManageHash, findAwardDetails } from '../awards/award-queries.ts';
import { categoryTexts } from '../awards/award-texts.ts';
import { awardUrls } from '../awards/award-urls.ts';
import { eraseAward } from '../awards/revocation-service.ts';
import type { AppContext } from '../context.ts';
import { type AppContextHono, type AppEnv, pageProps } from '../http/env.ts';
import { formErrors } from '../http/form-errors.ts';
import { readForm } from '../http/read-form.ts';
import { readJson } from '../http/read-json.ts';
import { isLang, type Lang, type Translate } from '../i18n/index.ts';
import { AppError, notFound } from '../lib/errors.ts';
import { sha256Hex } from '../lib/ids.ts';
import { ClaimedPage, ClaimPage, ClaimUnavailablePage, MyBadgePage, type ShareKitProps } from './claim-pages.tsx';
import { type ClaimedAward, claimAward, openClaim, parseClaimChoices } from './claim-service.ts';
import { linkedInAddUrl } from './share.ts';

/** POST /api/v1/claims/:token {email, publicPage, showStory, lang} → {award:{…urls}}. */
export function claimApi(ctx: AppContext) {
  return new Hono<AppEnv>().post('/:token', async (c) => {
    const choices = parseClaimChoices(await readJson(c));
    const award = await claimAward(ctx, c.req.param('token'), choices);
    return c.json({ award: claimJson(award) });
  });
}

function claimJson(award: ClaimedAward) {
  return {
    id: award.id,
    pageUrl: award.pageUrl,
    badgePngUrl: award.badgePngUrl,
    shareCardUrl: award.shareCardUrl,
    ob2AssertionUrl: award.ob2AssertionUrl,
    ob3CredentialUrl: award.ob3CredentialUrl,
    linkedInAddUrl: award.linkedInAddUrl,
  };
}

/** The claim page, the employee's own page (from their mail), and deleting a badge. */
export function claimPages(ctx: AppContext) {
  const app = new Hono<AppEnv>();

  const unavailable = (c: AppContextHono, error: unknown) => {
    if (!(error instanceof AppError) || (error.status !== 404 && error.status !== 410)) throw error;
    return c.html(<ClaimUnavailablePage {...pageProps(c)} message={c.get('t')(error.messageKey)} />, error.status);
  };

  app.get('/claim/:token', async (c) => {
    try {
      const award = await openClaim(ctx, c.req.param('token'));
      return c.html(<ClaimPage {...pageProps(c)} award={award} values={{}} errors={{}} />);
    } catch (error) {
      return unavailable(c, error);
    }
  });

  app.post('/claim/:token', async (c) => {
    const form = await readForm(c);
    const token = c.req.param('token');
    let award: Awaited<ReturnType<typeof openClaim>>;
    try {
      award = await openClaim(ctx, token);
    } catch (error) {
      return unavailable(c, error);
    }
    try {
      const lang = isLang(form.lang) ? form.lang : c.get('lang');
      const claimed = await claimAward(
        ctx,
        token,
        parseClaimChoices({ email: form.email ?? '', publicPage: form.publicPage === 'on', showStory: form.showStory === 'on', lang }),
      );
      return c.html(
        <ClaimedPage
          {...pageProps(c)}
          firstName={award.staff_first_name}
          kit={kitFor(ctx, c.get('t'), award, claimed.issuedOn, lang, form.publicPage === 'on')}
        />,
        200,
        { 'Cache-Control': 'no-store' },
      );
    } catch (error) {
      const failed = formErrors(error, c.get('t'));
      if (!failed) return unavailable(c, error);
      return c.html(<ClaimPage {...pageProps(c)} award={award} values={form} errors={failed.errors} message={failed.message} />, 400);
    }
  });

  const myPage = async (c: AppContextHono, deleted: boolean) => {
    const token = c.req.param('token') ?? '';
    const found = await findAwardByManageHash(ctx.db, sha256Hex(token));
    if (!found && !deleted) throw notFound();
    const award = found ? await findAwardDetails(ctx.db, found.id) : undefined;
    const lang = award && isLang(award.lang) ? award.lang : c.get('lang');
    const kit =
      award && award.status === 'claimed' && award.issued_on
        ? kitFor(ctx, c.get('t'), award, award.issued_on, lang, award.public_page === 1)
        : null;
    return c.html(<MyBadgePage {...pageProps(c)} kit={kit} deleted={deleted} action={`/my/${token}/delete`} />);
  };
  app.get('/my/:token', (c) => myPage(c, false));
  app.post('/my/:token/delete', async (c) => {
    await eraseAward(ctx, c.req.param('token'));
    return myPage(c, true);
  });
  return app;
}

/** What the share kit needs for one claimed award. */
export function kitFor(
  ctx: AppContext,
  t: Translate,
  award: AwardDetails,
  issuedOn: string,
  lang: Lang,
  publicPage: boolean,
): ShareKitProps {
  const categoryName = categoryTexts(award, lang).name;
  const urls = awardUrls(ctx.config.publicUrl, award.id);
  return {
    t,
    lang,
    awardId: award.id,
    categoryName,
    issuerName: ctx.config.issuer.name,
    issuedOn,
    pageUrl: urls.pageUrl,
    linkedInAddUrl: linkedInAddUrl({
      name: categoryName,
      organizationName: ctx.config.issuer.name,
      issuedOn,
      certUrl: urls.pageUrl,
      certId: award.id,
    }),
    publicPage,
  };
}
