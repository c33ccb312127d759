import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awardUrls } from '../../src/awards/award-urls.ts';
import { loadOb3Issuer } from '../../src/credentials/ob3/ob3-issuer.ts';
import { reserveStatusIndex } from '../../src/credentials/ob3/status-list.ts';
import { createTestApp, TEST_DB, type TestApp, testClock } from '../helpers/app.ts';
import { A_NOMINATION, approvedAward, claim, ORIGIN } from '../helpers/journey.ts';

// A claim signs its credential outside any transaction. These tests reach the moment of signing through the
// context's pool, which every signature goes through: its real sign is wrapped so that the test can hold it, fail
// it, or look at the database while it runs.

let t: TestApp;
let manager: { cookie: string };
/** What the wrapped signer does before signing; null: sign at once. */
let beforeSigning: (() => Promise<void>) | null = null;
/** On SQLite, whether a transaction was open at each signature. */
const transactionOpenWhileSigning: boolean[] = [];

beforeAll(async () => {
  t = await createTestApp({ clock: testClock() });
  const rouge = await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
  const pool = t.ctx.pool;
  t.ctx.pool = {
    ...pool,
    sign: async (task) => {
      const sqlite = t.ctx.caches.queries.direct?.sqlite;
      if (sqlite) transactionOpenWhileSigning.push(sqlite.inTransaction);
      if (beforeSigning) await beforeSigning();
      return pool.sign(task);
    },
  };
  // A first badge claimed, so that the status list exists and each test's signatures are its claim's.
  expect((await claim(t, (await approvedAward(t, manager)).token)).status).toBe(200);
});
afterEach(() => {
  beforeSigning = null;
});
afterAll(() => t.close());

/** A promise the test resolves when it chooses. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** The answer, or a failure naming what it waited for once `ms` have passed. */
async function within<T>(what: string, answer: T | Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} waited for the claim being signed`)), ms);
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

const award = (id: string) => t.ctx.db.selectFrom('awards').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const credentialId = (awardId: string) => awardUrls('http://localhost:3000', awardId).ob3CredentialUrl;
const statusEntries = (awardId: string) =>
  t.ctx.db.selectFrom('status_list_entries').selectAll().where('credential_id', '=', credentialId(awardId)).execute();
const claimedEvents = async (nominationId: string) =>
  (await t.ctx.db.selectFrom('nomination_events').select('type').where('nomination_id', '=', nominationId).execute()).filter(
    (e) => e.type === 'claimed',
  ).length;
const claimedMails = async () =>
  (await t.ctx.db.selectFrom('outbox').select('template').execute()).filter((m) => m.template === 'badgeClaimed').length;
const assignedCount = async () =>
  Number((await t.ctx.db.selectFrom('status_lists').select('assigned_count').where('id', '=', 1).executeTakeFirstOrThrow()).assigned_count);

describe('an employee claims while the badge is being signed', () => {
  it('leaves the database free meanwhile: a customer nominates and the manager revokes that very badge, so the claim is refused', async () => {
    const { token, awardId, nominationId } = await approvedAward(t, manager);
    const mailsBefore = await claimedMails();
    const signing = gate();
    const release = gate();
    beforeSigning = async () => {
      signing.open();
      await release.opened;
    };
    const claiming = claim(t, token);
    try {
      await within('the claim', signing.opened);
      // Had the claim opened its transaction, each of these writes would wait for it to end.
      const nominated = await within('a nomination', t.postJson('/api/v1/nominations', A_NOMINATION));
      expect(nominated.status).toBe(201);
      const revoked = await within(
        'a revocation',
        t.app.request(`/api/v1/awards/${awardId}/revoke`, {
          method: 'POST',
          headers: { cookie: manager.cookie, 'content-type': 'application/json', ...ORIGIN },
          body: JSON.stringify({ reason: 'Awarded to the wrong person' }),
        }),
      );
      expect(revoked.status).toBe(200);
    } finally {
      release.open();
    }

    const refused = await claiming;
    expect(refused.status).toBe(410);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'claim_withdrawn',
      message: 'Ce badge a été retiré.',
    });
    const row = await award(awardId);
    expect(row).toMatchObject({ status: 'revoked', ob3_credential: null, recipient_identity: null, manage_token_hash: null });
    expect(await claimedEvents(nominationId)).toBe(0);
    expect(await claimedMails()).toBe(mailsBefore);
  });

  it.runIf(TEST_DB === 'sqlite')('signs with no transaction open on SQLite', async () => {
    transactionOpenWhileSigning.length = 0;
    const { token } = await approvedAward(t, manager);
    expect((await claim(t, token)).status).toBe(200);
    expect(transactionOpenWhileSigning).toEqual([false]);
  });

  it('claims once when the form is sent twice at once: one tab gets the badge, the other "already claimed"', async () => {
    const { token, awardId, nominationId } = await approvedAward(t, manager);
    const mailsBefore = await claimedMails();
    const countBefore = await assignedCount();
    // Both claims are let through only once both are signing, so each has passed its checks and its reservation.
    const both = gate();
    let signing = 0;
    beforeSigning = async () => {
      signing += 1;
      if (signing === 2) both.open();
      await within('the other tab', both.opened);
    };
    const answers = await Promise.all([
      claim(t, token, { email: 'first.tab@example.org' }),
      claim(t, token, { email: 'second.tab@example.org' }),
    ]);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
    const loser = answers.find((a) => a.status === 410)!;
    expect(((await loser.json()) as { error: { code: string } }).error.code).toBe('claim_used');
    const row = await award(awardId);
    expect(row.status).toBe('claimed');
    const credential = JSON.parse(row.ob3_credential!) as { credentialStatus: { statusListIndex: string } };
    const entries = await statusEntries(awardId);
    expect(entries).toHaveLength(1);
    expect(credential.credentialStatus.statusListIndex).toBe(String(entries[0]!.status_index));
    expect(await assignedCount()).toBe(countBefore + 1);
    expect(await claimedEvents(nominationId)).toBe(1);
    expect(await claimedMails()).toBe(mailsBefore + 1);
  });
});

describe('a claim that fails after reserving its status entry', () => {
  it('leaves the badge unclaimed when signing fails, and claiming again uses the same entry', async () => {
    const { token, awardId, nominationId } = await approvedAward(t, manager);
    const mailsBefore = await claimedMails();
    beforeSigning = async () => {
      throw new Error('the signer stopped');
    };
    const failed = await claim(t, token);
    expect(failed.status).toBe(500);
    expect(await award(awardId)).toMatchObject({
      status: 'approved',
      ob3_credential: null,
      recipient_identity: null,
      manage_token_hash: null,
    });
    expect(await claimedEvents(nominationId)).toBe(0);
    expect(await claimedMails()).toBe(mailsBefore);
    const reserved = await statusEntries(awardId);
    expect(reserved).toHaveLength(1);
    const countAfterFailure = await assignedCount();

    beforeSigning = null;
    const again = await claim(t, token);
    expect(again.status).toBe(200);
    const credential = JSON.parse((await award(awardId)).ob3_credential!) as { credentialStatus: { statusListIndex: string } };
    expect(credential.credentialStatus.statusListIndex).toBe(String(reserved[0]!.status_index));
    expect(await statusEntries(awardId)).toEqual(reserved);
    expect(await assignedCount()).toBe(countAfterFailure);
    expect(await claimedEvents(nominationId)).toBe(1);
    expect(await claimedMails()).toBe(mailsBefore + 1);
  });

  it('reuses the entry reserved by a process that stopped before storing the credential', async () => {
    const { token, awardId } = await approvedAward(t, manager);
    const issuer = await loadOb3Issuer(t.ctx.db, t.ctx.config.publicUrl, t.ctx.pool);
    const reserved = await reserveStatusIndex(t.ctx.db, issuer.statusLists, credentialId(awardId), t.ctx.clock.now());
    const countAfterReservation = await assignedCount();

    expect((await claim(t, token)).status).toBe(200);
    const credential = JSON.parse((await award(awardId)).ob3_credential!) as { credentialStatus: { statusListIndex: string } };
    expect(credential.credentialStatus.statusListIndex).toBe(String(reserved.index));
    expect(await statusEntries(awardId)).toHaveLength(1);
    expect(await assignedCount()).toBe(countAfterReservation);
  });
});

describe('a revocation, whose status list is signed again after its transaction', () => {
  it('lands while signing fails, and the list is signed afresh by the next verifier, who sees the badge revoked', async () => {
    const { token, awardId } = await approvedAward(t, manager);
    expect((await claim(t, token)).status).toBe(200);
    const credential = (await award(awardId)).ob3_credential!;
    const verify = async () =>
      (await (await t.postJson('/api/v1/verify', { credential: JSON.parse(credential) })).json()) as { valid: boolean; verdict: string };
    expect(await verify()).toMatchObject({ valid: true });

    transactionOpenWhileSigning.length = 0;
    beforeSigning = async () => {
      throw new Error('the signer stopped');
    };
    const revoked = await t.app.request(`/api/v1/awards/${awardId}/revoke`, {
      method: 'POST',
      headers: { cookie: manager.cookie, 'content-type': 'application/json', ...ORIGIN },
      body: JSON.stringify({ reason: 'Awarded to the wrong person' }),
    });
    expect(revoked.status).toBe(200);
    expect((await award(awardId)).status).toBe('revoked');
    // The re-signing was tried after the commit, and only then.
    if (TEST_DB === 'sqlite') expect(transactionOpenWhileSigning).toEqual([false]);

    beforeSigning = null;
    expect(await verify()).toMatchObject({ valid: false, verdict: 'revoked' });
  });
});
