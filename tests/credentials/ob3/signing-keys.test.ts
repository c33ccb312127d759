import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDidDocument, didWebFromUrl } from '../../../src/credentials/ob3/did.ts';
import { currentSigningKey, ensureSigningKey, listSigningKeys, rotateSigningKey } from '../../../src/credentials/ob3/keys.ts';
import { connectDatabase } from '../../../src/db/connect.ts';
import { createTestApp, TEST_DB, type TestApp } from '../../helpers/app.ts';

describe(`the issuer's signing keys (${TEST_DB})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the first start creates one Ed25519 key, even when two processes start at the same moment', async () => {
    const [a, b, c] = await Promise.all([
      ensureSigningKey(t.ctx.db, new Date()),
      ensureSigningKey(t.ctx.db, new Date()),
      ensureSigningKey(t.ctx.db, new Date()),
    ]);
    expect(b?.id).toBe(a?.id);
    expect(c?.id).toBe(a?.id);
    expect(await listSigningKeys(t.ctx.db)).toHaveLength(1);
    // An Ed25519 public key as a multibase multikey: base58btc 'z6Mk…'.
    expect(a?.publicKeyMultibase).toMatch(/^z6Mk/);
    expect(a?.secretKeyMultibase).toMatch(/^z/);
    expect((await ensureSigningKey(t.ctx.db, new Date())).id).toBe(a?.id);
  });

  it('rotation makes a new key current and keeps the old ones, retired, in the DID document', async () => {
    const first = await currentSigningKey(t.ctx.db);
    const second = await rotateSigningKey(t.ctx.db, new Date(Date.now() + 1000));
    const third = await rotateSigningKey(t.ctx.db, new Date(Date.now() + 2000));
    expect((await currentSigningKey(t.ctx.db)).id).toBe(third.id);
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);

    const keys = await listSigningKeys(t.ctx.db);
    expect(keys.map((k) => k.id)).toEqual([first.id, second.id, third.id]);
    expect(keys.map((k) => k.retiredAt === null)).toEqual([false, false, true]);
    expect(keys.every((k) => !('secretKeyMultibase' in k))).toBe(true);

    const did = didWebFromUrl(t.ctx.config.publicUrl);
    const document = buildDidDocument(did, keys);
    expect(document.verificationMethod).toEqual(
      keys.map((k) => ({ id: `${did}#${k.id}`, type: 'Multikey', controller: did, publicKeyMultibase: k.publicKeyMultibase })),
    );
  });
});

describe('npm run keys:rotate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elan-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates, makes a new current key, and prints its id', async () => {
    // Always a SQLite file: the script connects to DATABASE_URL itself and must not touch a shared PostgreSQL schema.
    const databaseUrl = `sqlite:${join(dir, 'elan.db')}`;
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/ops/rotate-keys-cli.ts'], {
        cwd: fileURLToPath(new URL('../../../', import.meta.url)),
        env: { ...process.env, DATABASE_URL: databaseUrl, PUBLIC_URL: 'https://badges.example:8443', LOG_LEVEL: 'silent' },
      });
    const first = await run();
    const second = await run();
    const firstId = first.stdout.trim();
    const secondId = second.stdout.trim();
    expect(firstId).toMatch(/^key-[0-9a-z]{26}$/);
    expect(second.stderr).toContain(`did:web:badges.example%3A8443#${secondId}`);

    const handle = await connectDatabase(databaseUrl);
    try {
      expect((await currentSigningKey(handle.db)).id).toBe(secondId);
      expect((await listSigningKeys(handle.db)).map((k) => [k.id, k.retiredAt !== null])).toEqual([
        [firstId, true],
        [secondId, false],
      ]);
    } finally {
      await handle.destroy();
    }
  });
});
