import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { NOMINATION_RATE_LIMIT: '100000/hour' } });
  await t.addWorkplace('cafe-rouge');
});
afterAll(() => t.close());

const count = () => t.countRows('nominations');

// Values near the real shape are the interesting ones: the right keys with the wrong types and sizes.
const fieldValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 3000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
  fc.constantFrom('cafe-rouge', 'presence', '2026-02-30', '9999-12-31', '', ' ', '\u0000', '<script>', '=1+1'),
);
const keys = [
  'workplace',
  'staffFirstName',
  'staffRole',
  'momentDate',
  'momentPlace',
  'category',
  'story',
  'nominatorName',
  'nominatorEmail',
  'publicStoryConsent',
  'lang',
  '__proto__',
  'constructor',
];
const nearShape = fc.dictionary(fc.constantFrom(...keys), fieldValue, { maxKeys: keys.length });

describe('whatever a client throws at the nomination API', () => {
  it('never answers 5xx and never stores a nomination that was refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nearShape, fc.jsonValue()), async (body) => {
        const before = await count();
        const res = await t.postJson('/api/v1/nominations', body);
        expect(res.status).toBeLessThan(500);
        const after = await count();
        if (res.status === 201) expect(after).toBe(before + 1);
        else {
          expect(after).toBe(before);
          const json = (await res.json()) as { error: { code: string; message: string } };
          expect(typeof json.error.message).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never answers 5xx to raw bytes that are not JSON, or to odd content types', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''),
        async (raw, type) => {
          const res = await t.app.request('/api/v1/nominations', {
            method: 'POST',
            headers: type ? { 'content-type': type } : {},
            body: raw,
          });
          expect(res.status).toBeLessThan(500);
          const form = await t.app.request('/nominate', { method: 'POST', headers: type ? { 'content-type': type } : {}, body: raw });
          expect(form.status).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  });
});
