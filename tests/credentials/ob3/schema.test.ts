import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OB3_SCHEMA_DIR, validateOb3Schema } from '../../../src/credentials/ob3/schema.ts';
import { issuerWorld } from './fixtures.ts';

// The official schemas are 1EdTech's data in ../shared, which CI has and a fresh clone does not.
const available = existsSync(OB3_SCHEMA_DIR);
if (!available) console.warn(`SKIPPED: the OB 3.0 JSON schema tests need ${OB3_SCHEMA_DIR}, absent here.`);

describe('the official OB 3.0 JSON schema (AchievementCredential, draft 2019-09)', () => {
  let world: Awaited<ReturnType<typeof issuerWorld>>;
  beforeAll(async () => {
    world = await issuerWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it.skipIf(!available)('accepts the signed credential we issue, with and without the story', async () => {
    for (const narrative of ['Elle a couru me rendre mon portefeuille.', null]) {
      const signed = await world.issue({ evidence: { name: 'Le moment souligné', description: 'Le 1er novembre 2026.', narrative } });
      expect(validateOb3Schema(signed)).toEqual({ available: true, valid: true, errors: [] });
    }
  });

  it.skipIf(!available)('rejects a credential whose proof is a lone object or whose recipient hash lacks its type', async () => {
    const signed = await world.issue();
    const loneProof = { ...signed, proof: (signed.proof as unknown[])[0] };
    expect(validateOb3Schema(loneProof)).toMatchObject({ available: true, valid: false });
    const subject = structuredClone(signed.credentialSubject) as { identifier: Array<Record<string, unknown>> };
    delete subject.identifier[0]?.type;
    const result = validateOb3Schema({ ...signed, credentialSubject: subject });
    expect(result).toMatchObject({ available: true, valid: false });
    expect(result.available && result.errors.join(' ')).toContain('/credentialSubject/identifier/0');
  });

  it('says “not available here” rather than failing when the schema folder is absent', () => {
    expect(validateOb3Schema({}, '/nonexistent/ob/schemas/')).toEqual({
      available: false,
      reason: expect.stringContaining('not available here'),
    });
  });
});
