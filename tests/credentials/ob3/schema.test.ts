import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OB3_SCHEMA_DIR, validateOb3Schema } from '../../../src/credentials/ob3/schema.ts';
import { issuerWorld } from './fixtures.ts';

// The official schemas are 1EdTech's data in ../shared, which CI and the shared workspace have and a fresh clone
// does not; the repository holds its own copy of the one /verify uses, which must stay the same file.
const SHARED_SCHEMA_DIR = fileURLToPath(new URL('../../../../shared/ob/schemas/', import.meta.url));
const SCHEMA_FILE = 'ob_v3p0_achievementcredential_schema.json';
const shared = existsSync(SHARED_SCHEMA_DIR);
if (!shared) console.warn(`SKIPPED: comparing the schema copy with the official file needs ${SHARED_SCHEMA_DIR}, absent here.`);

describe('the official OB 3.0 JSON schema (AchievementCredential, draft 2019-09)', () => {
  let world: Awaited<ReturnType<typeof issuerWorld>>;
  beforeAll(async () => {
    world = await issuerWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('accepts the signed credential we issue, with and without the story', async () => {
    for (const narrative of ['Elle a couru me rendre mon portefeuille.', null]) {
      const signed = await world.issue({ evidence: { name: 'Le moment souligné', description: 'Le 1er novembre 2026.', narrative } });
      expect(validateOb3Schema(signed)).toEqual({ available: true, valid: true, errors: [] });
    }
  });

  it('rejects a credential whose proof is a lone object or whose recipient hash lacks its type', async () => {
    const signed = await world.issue();
    const loneProof = { ...signed, proof: (signed.proof as unknown[])[0] };
    expect(validateOb3Schema(loneProof)).toMatchObject({ available: true, valid: false });
    const subject = structuredClone(signed.credentialSubject) as { identifier: Array<Record<string, unknown>> };
    delete subject.identifier[0]?.type;
    const result = validateOb3Schema({ ...signed, credentialSubject: subject });
    expect(result).toMatchObject({ available: true, valid: false });
    expect(result.available && result.errors.join(' ')).toContain('/credentialSubject/identifier/0');
  });

  it('reads its own copy, inside the repository', () => {
    expect(OB3_SCHEMA_DIR.startsWith(fileURLToPath(new URL('../../../src/', import.meta.url)))).toBe(true);
    expect(existsSync(`${OB3_SCHEMA_DIR}${SCHEMA_FILE}`)).toBe(true);
  });

  it.skipIf(!shared && !process.env.CI)('holds a copy identical, byte for byte, to the official file in ../shared/ob/schemas', () => {
    expect(readFileSync(`${OB3_SCHEMA_DIR}${SCHEMA_FILE}`, 'utf8')).toBe(readFileSync(`${SHARED_SCHEMA_DIR}${SCHEMA_FILE}`, 'utf8'));
  });

  it('says “not available here” rather than failing when the schema folder is absent', () => {
    expect(validateOb3Schema({}, '/nonexistent/ob/schemas/')).toEqual({
      available: false,
      reason: expect.stringContaining('not available here'),
    });
  });
});
