import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.tsx';
import { connectDatabase } from '../../src/db/connect.ts';
import { newId, newToken, sha256Hex } from '../../src/lib/ids.ts';
import { testClock } from '../helpers/app.ts';
import { upgradeDatabase } from '../helpers/upgrade-database.ts';

const clock = testClock('2026-11-22T15:00:00.000Z');
const { schema, url, migrator, start, drop } = upgradeDatabase();
afterAll(drop);

describe('a nominator who got their private link before the links carried an id (migration 011)', () => {
  it('still opens it and withdraws; a made-up link of the old kind opens nothing; new links carry their id', async () => {
    // What an Élan before migration 011 stored: the link was the secret alone, kept as its hash.
    const oldLink = newToken();
    const nominationId = newId();
    const old = await connectDatabase(url, schema ? { schema } : {});
    try {
      expect((await migrator(old.db).migrateTo('2026-12-07-010-award-revisions')).error).toBeUndefined();
      const at = clock.now().toISOString();
      const nomination = {
        workplace_id: null,
        workplace_name: 'Boulangerie Lune',
        workplace_city: 'Laval',
        staff_role: null,
        moment_date: '2026-11-20',
        moment_place: null,
        category_slug: 'presence',
        story: 'Elle a mis de côté la dernière baguette pour nous.',
        nominator_name: null,
        nominator_email: null,
        public_story_consent: 0,
        lang: 'fr',
        status: 'submitted' as const,
        created_at: at,
        updated_at: at,
      };
      await old.db
        .insertInto('nominations')
        .values({ ...nomination, id: nominationId, staff_first_name: 'Léa', withdraw_token_hash: sha256Hex(oldLink) })
        .execute();
      await old.db
        .insertInto('nominations')
        .values({ ...nomination, id: newId(), staff_first_name: 'Sans lien', withdraw_token_hash: null })
        .execute();
    } finally {
      await old.destroy();
    }

    // Starting the app migrates to the latest.
    const ctx = await start(clock);
    // Nothing is sent here: the nominator's confirmation waits in the outbox with its link, which goes once it is sent.
    await ctx.mailer.stop();
    try {
      const app = createApp(ctx);
      const html = { accept: 'text/html' };
      const page = await app.request(`/n/${oldLink}`, { headers: html });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Léa');
      expect((await app.request(`/n/${newToken()}`, { headers: html })).status).toBe(404);

      const withdrawn = await app.request(`/n/${oldLink}/withdraw`, {
        method: 'POST',
        headers: { ...html, origin: 'http://localhost:3000', 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      expect(withdrawn.status).toBe(200);
      expect(
        (await ctx.db.selectFrom('nominations').select('status').where('id', '=', nominationId).executeTakeFirstOrThrow()).status,
      ).toBe('withdrawn');

      const res = await app.request('/api/v1/nominations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          workplace: { name: 'Boulangerie Lune', city: 'Laval' },
          staffFirstName: 'Théo',
          momentDate: '2026-11-21',
          category: 'presence',
          story: 'Il a porté nos sacs jusqu’à la voiture.',
          publicStoryConsent: false,
          nominatorEmail: 'luc@example.org',
          lang: 'fr',
        }),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const mail = await ctx.db.selectFrom('outbox').select('text_body').where('text_body', 'like', '%/n/%').execute();
      expect(mail.map((m) => m.text_body).join('\n')).toContain(`http://localhost:3000/n/${id}.`);
      // Only the links sent before the migration are listed apart.
      expect(await ctx.db.selectFrom('withdraw_links_before_011').select('nomination_id').execute()).toEqual([
        { nomination_id: nominationId },
      ]);
    } finally {
      await ctx.destroy();
    }
  });
});
