import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Translate } from '../i18n/index.ts';

const require = createRequire(import.meta.url);

/**
 * The ALTCHA widget's files, served from Élan's /assets: the package's build for strict
 * Content-Security-Policies (`altcha/external`), which injects no style and builds no worker from a
 * blob, so `script-src 'self'` and `style-src 'self'` hold. Its module, its stylesheet and the worker
 * it starts sit side by side in the installed package.
 */
export function challengeWidgetAssets(): Record<string, string> {
  const dir = dirname(require.resolve('altcha/worker'));
  return { 'altcha.js': join(dir, 'altcha.js'), 'altcha-worker.js': join(dir, 'worker.js'), 'altcha.css': join(dir, 'altcha.css') };
}

/** What a page showing the widget loads in its <head>. */
export function ChallengeHead() {
  return (
    <>
      <link rel="stylesheet" href="/assets/altcha.css" />
      <script type="module" src="/assets/altcha.js" />
    </>
  );
}

/**
 * The proof-of-work field of a form: the widget, which fetches a challenge, solves it in workers when
 * ticked or when the form is sent, and adds the field `altcha`; what happens without JavaScript; and
 * the server's refusal, if any. The widget's words come from Élan's catalogue, in the page's language;
 * its logo and footer, links to altcha.org, are left out so the form leads nowhere else.
 */
export function ChallengeField({ t, error }: { t: Translate; error?: string | undefined }) {
  const strings = {
    label: t('challenge.widget.label'),
    verifying: t('challenge.widget.verifying'),
    verified: t('challenge.widget.verified'),
    waitAlert: t('challenge.widget.waitAlert'),
    error: t('challenge.widget.error'),
    expired: t('challenge.widget.expired'),
    verificationRequired: t('challenge.widget.verificationRequired'),
    verify: t('challenge.widget.verify'),
    loading: t('challenge.widget.loading'),
    reload: t('challenge.widget.reload'),
  };
  return (
    <fieldset
      class={error ? 'field plain has-error' : 'field plain'}
      aria-describedby={error ? 'f-altcha-hint f-altcha-error' : 'f-altcha-hint'}
    >
      <legend>{t('challenge.legend')}</legend>
      <p class="hint" id="f-altcha-hint">
        {t('challenge.hint')}
      </p>
      <altcha-widget
        name="altcha"
        challengeurl="/api/v1/challenge"
        workerurl="/assets/altcha-worker.js"
        auto="onsubmit"
        hidelogo
        hidefooter
        strings={JSON.stringify(strings)}
      />
      <noscript>
        <p class="error">{t('challenge.noscript')}</p>
      </noscript>
      {error ? (
        <p class="error" id="f-altcha-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
