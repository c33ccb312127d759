import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential } from '../../../src/credentials/ob3/sign.ts';
import {
  createStatusList,
  isRevoked,
  reserveStatusIndex,
  STATUS_LIST_LENGTH,
  setRevoked,
  setStatusRevoked,
  signedStatusList,
} from '../../../src/credentials/ob3/status-list.ts';
import { TEST_DB } from '../../helpers/app.ts';
import { issuerWorld, PUBLIC_URL } from './fixtures.ts';

describe('a Bitstring Status List, as the specification encodes it', () => {
  it('holds 131,072 entries, GZIP-compressed, base64url, behind the multibase prefix “u”', async () => {
    const encoded = await createStatusList();
    expect(encoded.startsWith('u')).toBe(true);
    const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(bits.length * 8).toBe(STATUS_LIST_LENGTH);
    expect(bits.every((byte) => byte === 0)).toBe(true);
  });

  it('sets and clears one bit, counting from the left of the first byte, and leaves the others alone', async () => {
    const empty = await createStatusList();
    const revoked = await setRevoked(empty, 9, true);
    expect(await isRevoked(revoked, 9)).toBe(true);
    expect(await isRevoked(revoked, 8)).toBe(false);
    expect(await isRevoked(revoked, 10)).toBe(false);
    const bits = gunzipSync(Buffer.from(revoked.slice(1), 'base64url'));
    expect(bits[1]).toBe(0b0100_0000);
    expect(await isRevoked(await setRevoked(revoked, 9, false), 9)).toBe(false);
    await expect(setRevoked(empty, STATUS_LIST_LENGTH, true)).rejects.toThrow(RangeError);
  });
});

describe(`revocation through status lists kept in the database (${TEST_DB})`, () => {
  let world: Awaited<ReturnType<typeof issuerWorld>>;
  beforeAll(async () => {
    world = await issuerWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('gives each credential its own index, drawn at random rather than in order, and the same one if asked again', async () => {
    const { statusLists } = world.issuer;
    const entries = [];
    for (let i = 0; i < 40; i++) entries.push(await reserveStatusIndex(world.ctx.db, statusLists, `urn:test:sequence:${i}`, new Date()));
    const indexes = entries.map((e) => e.index);
    expect(new Set(indexes).size).toBe(40);
    expect(entries.every((e) => e.listId === 1 && e.listUrl === `${PUBLIC_URL}/ob3/status/1`)).toBe(true);
    // In order, consecutive claims would get consecutive (or at least increasing) indexes.
    const increasing = indexes.every((index, i) => i === 0 || index > (indexes[i - 1] ?? -1));
    expect(increasing).toBe(false);
    expect(indexes.filter((index, i) => i > 0 && index === (indexes[i - 1] ?? 0) + 1).length).toBeLessThan(3);
    expect(await reserveStatusIndex(world.ctx.db, statusLists, 'urn:test:sequence:7', new Date())).toEqual(entries[7]);
  });

  it('hands out distinct indexes to claims made at the same moment', async () => {
    const { statusLists } = world.issuer;
    const entries = await Promise.all(
      Array.from({ length: 20 }, (_, i) => reserveStatusIndex(world.ctx.db, statusLists, `urn:test:together:${i}`, new Date())),
    );
    expect(new Set(entries.map((e) => `${e.listId}/${e.index}`)).size).toBe(20);
    const list = await world.ctx.db.selectFrom('status_lists').select('assigned_count').where('id', '=', 1).executeTakeFirstOrThrow();
    const rows = await world.ctx.db
      .selectFrom('status_list_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(list.assigned_count)).toBe(Number(rows.n));
  });

  it('reserves one entry for a credential asked for several times at once, as two tabs claiming one badge do', async () => {
    const { statusLists } = world.issuer;
    const credentialId = 'urn:test:two-tabs';
    const before = await world.ctx.db.selectFrom('status_lists').select('assigned_count').where('id', '=', 1).executeTakeFirstOrThrow();
    const entries = await Promise.all(
      Array.from({ length: 4 }, () => reserveStatusIndex(world.ctx.db, statusLists, credentialId, new Date())),
    );
    expect(new Set(entries.map((e) => `${e.listId}/${e.index}`)).size).toBe(1);
    const rows = await world.ctx.db.selectFrom('status_list_entries').selectAll().where('credential_id', '=', credentialId).execute();
    expect(rows.map((r) => [r.list_id, r.status_index])).toEqual([[entries[0]?.listId, entries[0]?.index]]);
    const after = await world.ctx.db.selectFrom('status_lists').select('assigned_count').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(Number(after.assigned_count)).toBe(Number(before.assigned_count) + 1);
  });

  it('revoking an award flips its bit; the list is re-signed when read, and verify then reports the credential revoked', async () => {
    const signed = await world.issue();
    const credentialId = signed.id as string;
    expect((await verifyCredential(signed, (await world.load()).documentLoader)).revoked).toBe(false);

    const entry = await setStatusRevoked(world.ctx.db, credentialId, true, new Date());
    expect(entry).not.toBeNull();
    const stored = async () =>
      JSON.parse(
        (
          await world.ctx.db
            .selectFrom('status_lists')
            .select('credential')
            .where('id', '=', entry?.listId ?? 0)
            .executeTakeFirstOrThrow()
        ).credential,
      );
    // The bit is written; the signed list still says what it said, until someone reads it.
    const before = await stored();
    const listCredential = await signedStatusList(
      world.ctx.db,
      async () => world.issuer.statusLists,
      { id: entry?.listId ?? 0 },
      new Date(),
    );
    expect(listCredential?.credentialSubject).not.toEqual(before.credentialSubject);
    expect(await stored()).toEqual(listCredential);
    expect(listCredential).toMatchObject({
      id: `${PUBLIC_URL}/ob3/status/1`,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: world.issuer.did,
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' },
      proof: [expect.objectContaining({ cryptosuite: 'eddsa-rdfc-2022' })],
    });

    const result = await verifyCredential(signed, (await world.load()).documentLoader);
    expect(result).toMatchObject({ verified: false, verdict: 'revoked', revoked: true });
    expect(result.checks.find((c) => c.name === 'proof')?.ok).toBe(true);
    expect(result.checks.find((c) => c.name === 'status')).toMatchObject({ ok: false, outcome: 'status.revoked' });

    // Reinstating (an award revoked by mistake) clears the bit again.
    await setStatusRevoked(world.ctx.db, credentialId, false, new Date());
    expect(await verifyCredential(signed, (await world.load()).documentLoader)).toMatchObject({ verified: true, revoked: false });
  });

  it('a status list whose bits were edited after signing is not believed', async () => {
    const signed = await world.issue();
    const { listId } = (await setStatusRevoked(world.ctx.db, signed.id as string, true, new Date())) ?? {
      listId: 0,
    };
    await signedStatusList(world.ctx.db, async () => world.issuer.statusLists, { id: listId }, new Date());
    // Someone with write access to the table clears the bit, in the bits and in the signed list, without the key.
    const row = await world.ctx.db.selectFrom('status_lists').select('credential').where('id', '=', listId).executeTakeFirstOrThrow();
    const forged = JSON.parse(row.credential);
    forged.credentialSubject.encodedList = await createStatusList();
    await world.ctx.db
      .updateTable('status_lists')
      .set({ credential: JSON.stringify(forged), encoded_list: forged.credentialSubject.encodedList })
      .where('id', '=', listId)
      .execute();

    const result = await verifyCredential(signed, (await world.load()).documentLoader);
    expect(result.verified).toBe(false);
    expect(result.revoked).toBeUndefined();
    expect(result.checks.find((c) => c.name === 'status')).toMatchObject({ ok: false, outcome: 'status.unavailable' });
  });

  it('two revocations on the same list at once both land', async () => {
    const [a, b] = await Promise.all([world.issue(), world.issue()]);
    await Promise.all([
      setStatusRevoked(world.ctx.db, a?.id as string, true, new Date()),
      setStatusRevoked(world.ctx.db, b?.id as string, true, new Date()),
    ]);
    const { documentLoader } = await world.load();
    expect((await verifyCredential(a, documentLoader)).revoked).toBe(true);
    expect((await verifyCredential(b, documentLoader)).revoked).toBe(true);
  });

  it('revoking a credential that was never given a status entry changes nothing', async () => {
    expect(await setStatusRevoked(world.ctx.db, 'urn:test:never-issued', true, new Date())).toBeNull();
  });
});
