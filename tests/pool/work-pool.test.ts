import { afterAll, describe, expect, it } from 'vitest';
import { type BadgeInput, renderBadgePng } from '../../src/badges/render.ts';
import { verifyCredential } from '../../src/credentials/ob3/sign.ts';
import { AppError } from '../../src/lib/errors.ts';
import { createWorkPool } from '../../src/pool/work-pool.ts';
import { issuerWorld } from '../credentials/ob3/fixtures.ts';
import { createTestApp } from '../helpers/app.ts';

const badge: BadgeInput = {
  firstName: 'Amélie',
  categoryName: 'Présence',
  workplaceName: 'Café Rouge',
  momentDate: '2026-11-20',
  issuerName: 'Élan',
  lang: 'fr',
  categorySlug: 'presence',
};

const pools: { destroy: () => Promise<void> }[] = [];
afterAll(() => Promise.all(pools.map((pool) => pool.destroy())));
const pool = (options: Parameters<typeof createWorkPool>[0]) => {
  const made = createWorkPool(options);
  pools.push(made);
  return made;
};

describe('heavy work on worker threads', () => {
  it('draws on a worker thread the very badge the request thread would draw', { timeout: 60_000 }, async () => {
    const drawn = await pool({ threads: 1, deadlineMs: 30_000, maxQueue: 8 }).draw({ kind: 'badge', input: badge });
    expect(Buffer.from(drawn).equals(Buffer.from(await renderBadgePng(badge)))).toBe(true);
  });

  it('answers 503 with Retry-After to a task past its deadline, and the pool goes on working', { timeout: 60_000 }, async () => {
    const strict = pool({ threads: 1, deadlineMs: 1, maxQueue: 8 });
    const late = await strict.draw({ kind: 'card', input: { ...badge, quote: null } }).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(AppError);
    expect((late as AppError).status).toBe(503);
    expect((late as AppError).headers?.['Retry-After']).toMatch(/^\d+$/);
    const patient = pool({ threads: 1, deadlineMs: 30_000, maxQueue: 8 });
    expect((await patient.draw({ kind: 'badge', input: badge })).byteLength).toBeGreaterThan(1000);
  });

  it('refuses at once with 503 what would wait past the queue’s bound, and draws the rest', { timeout: 60_000 }, async () => {
    const small = pool({ threads: 1, deadlineMs: 30_000, maxQueue: 2 });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        small.draw({ kind: 'badge', input: { ...badge, firstName: `Amélie ${i}` } }).then(
          () => 'drawn',
          (error: unknown) => (error instanceof AppError ? error.status : error),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 503).length).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => outcome === 'drawn').length).toBeGreaterThanOrEqual(2);
    expect(outcomes.every((outcome) => outcome === 503 || outcome === 'drawn')).toBe(true);
  });
});

describe('the waiting line', () => {
  it('serves tasks in the order they came, so a steady stream never leaves one behind', { timeout: 60_000 }, async () => {
    const world = await issuerWorld();
    try {
      const { key, didDocument } = await world.load();
      const { proof: _proof, ...credential } = await world.issue();
      const fifo = pool({ threads: 1, deadlineMs: 30_000, maxQueue: 64 });
      const done: number[] = [];
      let asked = 0;
      // Four callers, each asking again as soon as it is answered: the newest request always arrives while
      // older ones wait.
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (asked < 200) {
            const id = asked++;
            await fifo.sign({ credential, key, didDocument });
            done.push(id);
          }
        }),
      );
      expect(done).toHaveLength(200);
      expect(done).toEqual([...done].sort((a, b) => a - b));
    } finally {
      await world.close();
    }
  });
});

describe('credentials on worker threads', () => {
  it('signs there what verifies here, and verifies there: a credential altered after signing is found out', {
    timeout: 60_000,
  }, async () => {
    const world = await issuerWorld({ work: () => pool({ threads: 1, deadlineMs: 30_000, maxQueue: 8 }) });
    try {
      const onPool = await world.load();
      const signed = await world.issue();
      expect(signed.proof).toEqual([expect.objectContaining({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' })]);
      expect(await verifyCredential(signed, onPool.documentLoader)).toMatchObject({ verified: true, revoked: false });
      expect(await onPool.verify(signed, new Date())).toMatchObject({ verified: true, verdict: 'valid', revoked: false });
      const altered = { ...signed, name: 'Another badge' };
      expect(await onPool.verify(altered, new Date())).toMatchObject({ verified: false, verdict: 'tampered' });
    } finally {
      await world.close();
    }
  });

  it('answers 503 to a verification past its deadline, and the next one is checked', { timeout: 60_000 }, async () => {
    const world = await issuerWorld();
    try {
      const signed = await world.issue();
      const { didDocument } = await world.load();
      const task = { credential: signed, didDocument, statusLists: {}, now: new Date().toISOString() };
      const late = await pool({ threads: 1, deadlineMs: 1, maxQueue: 8 })
        .verify(task)
        .catch((error: unknown) => error);
      expect(late).toBeInstanceOf(AppError);
      expect((late as AppError).status).toBe(503);
      const patient = pool({ threads: 1, deadlineMs: 30_000, maxQueue: 8 });
      expect((await patient.verify(task)).checks.find((check) => check.name === 'proof')).toMatchObject({ ok: true });
    } finally {
      await world.close();
    }
  });
});

describe('a drawing asked for over HTTP', () => {
  it('is drawn on the pool, and one past its deadline is a 503 with Retry-After in the reader’s language', {
    timeout: 60_000,
  }, async () => {
    const patient = await createTestApp();
    const strict = await createTestApp({ pool: { deadlineMs: 1 } });
    try {
      for (const t of [patient, strict]) await t.addWorkplace('cafe-rouge');
      const drawn = await patient.app.request('/w/cafe-rouge/counter-card.png');
      expect(drawn.status).toBe(200);
      expect(drawn.headers.get('content-type')).toBe('image/png');
      for (const [lang, message] of [
        ['fr', 'Le serveur est très occupé en ce moment. Réessayez dans quelques secondes.'],
        ['en', 'The server is very busy right now. Please try again in a few seconds.'],
      ] as const) {
        const late = await strict.app.request('/w/cafe-rouge/counter-card.png', {
          headers: { 'accept-language': lang, accept: 'application/json' },
        });
        expect(late.status).toBe(503);
        expect(late.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await late.text()).toContain(message);
      }
    } finally {
      await patient.close();
      await strict.close();
    }
  });
});
