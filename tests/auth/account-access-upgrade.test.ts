import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.tsx';
import { connectDatabase } from '../../src/db/connect.ts';
import { newId, newToken, sha256Hex } from '../../src/lib/ids.ts';
import { testClock } from '../helpers/app.ts';
import { upgradeDatabase } from '../helpers/upgrade-database.ts';

const clock = testClock(new Date().toISOString());
const { schema, url, migrator, start, drop } = upgradeDatabase();
afterAll(drop);

describe('an Élan upgraded to sessions with ids and tokens that expire (migration 012)', () => {
  it('keeps its open sessions, and gives each token made before 90 days from the upgrade', async () => {
    const cookieToken = newToken();
    const apiToken = `elan_${newToken()}`;
    const userId = newId();
    const tokenId = newId();
    const old = await connectDatabase(url, schema ? { schema } : {});
    try {
      expect((await migrator(old.db).migrateTo('2026-12-07-011-withdraw-links')).error).toBeUndefined();
      const at = clock.now().toISOString();
      // What an Élan before migration 012 stored: a session known by its hash only, a token with no end.
      const legacy = old.db as unknown as Kysely<any>;
      await legacy
        .insertInto('users')
        .values({
          id: userId,
          email: 'marie@rouge.example',
          password_hash: null,
          role: 'admin',
          lang: 'fr',
          created_at: at,
          updated_at: at,
        })
        .execute();
      await legacy
        .insertInto('sessions')
        .values({
          token_hash: sha256Hex(cookieToken),
          user_id: userId,
          created_at: at,
          expires_at: new Date(Date.parse(at) + 86_400_000).toISOString(),
        })
        .execute();
      await legacy
        .insertInto('api_tokens')
        .values({
          id: tokenId,
          token_hash: sha256Hex(apiToken),
          user_id: userId,
          name: 'ancien',
          created_at: '2025-01-01T00:00:00.000Z',
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
    } finally {
      await old.destroy();
    }

    const upgradedAt = Date.now();
    // Starting the app migrates to the latest.
    const ctx = await start(clock);
    try {
      const app = createApp(ctx);
      const bySession = await app.request('/api/v1/tokens', { headers: { cookie: `elan_session=${cookieToken}` } });
      expect(bySession.status).toBe(200);
      const { items } = (await bySession.json()) as { items: { id: string; expiresAt: string }[] };
      expect(items.map((i) => i.id)).toEqual([tokenId]);
      const end = Date.parse(items[0]!.expiresAt);
      expect(end).toBeGreaterThanOrEqual(upgradedAt + 89 * 86_400_000);
      expect(end).toBeLessThanOrEqual(Date.now() + 90 * 86_400_000);

      expect((await app.request('/api/v1/users', { headers: { authorization: `Bearer ${apiToken}` } })).status).toBe(200);
      const people = (await (await app.request('/api/v1/users', { headers: { cookie: `elan_session=${cookieToken}` } })).json()) as {
        items: { sessions: { id: string }[]; disabled: boolean }[];
      };
      expect(people.items[0]!.disabled).toBe(false);
      expect(people.items[0]!.sessions).toHaveLength(1);

      clock.set(items[0]!.expiresAt);
      expect((await app.request('/api/v1/users', { headers: { authorization: `Bearer ${apiToken}` } })).status).toBe(401);
    } finally {
      await ctx.destroy();
    }
  });
});
