import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAppOnSocket, testClock } from '../helpers/app.ts';
import { A_NOMINATION } from '../helpers/journey.ts';

// The same app as the other nomination tests, but behind @hono/node-server on a real socket:
// bodies arrive as Node reads them off the wire, with a declared length or in chunks.

const clock = testClock('2026-11-22T15:00:00.000Z');
let t: Awaited<ReturnType<typeof createTestAppOnSocket>>;

beforeAll(async () => {
  t = await createTestAppOnSocket({ clock });
  await t.addWorkplace('cafe-rouge');
});
afterAll(() => t.close());

type Answer = { status: number; body: string };

/** Sends a body over HTTP: in one piece with its length, or in chunks of a few bytes with none. */
function send(path: string, type: string, body: string, framing: 'length' | 'chunked'): Promise<Answer> {
  const bytes = Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: t.port,
        path,
        method: 'POST',
        headers: { 'content-type': type, ...(framing === 'length' ? { 'content-length': bytes.length } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (framing === 'length') req.end(bytes);
    else {
      // Seven bytes at a time splits "Zoë" and the apostrophes inside their UTF-8 sequences.
      for (let at = 0; at < bytes.length; at += 7) req.write(bytes.subarray(at, at + 7));
      req.end();
    }
  });
}

const storedNamed = (id: string) =>
  t.ctx.db.selectFrom('nominations').select(['staff_first_name', 'story']).where('id', '=', id).executeTakeFirst();

describe('a nomination sent over HTTP', () => {
  for (const framing of ['length', 'chunked'] as const) {
    it(`is stored whole when its body comes ${framing === 'length' ? 'with its length' : 'in chunks'}`, async () => {
      const answer = await send('/api/v1/nominations', 'application/json', JSON.stringify(A_NOMINATION), framing);
      expect(answer.status).toBe(201);
      const { id } = JSON.parse(answer.body) as { id: string };
      expect(await storedNamed(id)).toEqual({ staff_first_name: 'Zoë', story: A_NOMINATION.story });
    });

    it(`over 64 KB is refused with 413 and a message, ${framing === 'length' ? 'with its length' : 'in chunks'}, and nothing is stored`, async () => {
      const before = await t.countRows('nominations');
      const answer = await send(
        '/api/v1/nominations',
        'application/json',
        JSON.stringify({ ...A_NOMINATION, story: 'x'.repeat(70_000) }),
        framing,
      );
      expect(answer.status).toBe(413);
      expect((JSON.parse(answer.body) as { error: { message: string } }).error.message).toMatch(/\S/);
      const after = await t.countRows('nominations');
      expect(after).toBe(before);
    });

    it(`with broken JSON is answered 400, ${framing === 'length' ? 'with its length' : 'in chunks'}`, async () => {
      const answer = await send('/api/v1/nominations', 'application/json', '{"workplace": "cafe-rouge", ', framing);
      expect(answer.status).toBe(400);
      expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toBe('bad_json');
    });
  }

  it('from the form is stored too (a form body is read through Hono)', async () => {
    const { workplace, publicStoryConsent, ...fields } = A_NOMINATION;
    const story = 'Il a retrouvé mon écharpe oubliée et me l’a rapportée en courant.';
    const form = new URLSearchParams({ ...fields, story, publicStoryConsent: publicStoryConsent ? 'on' : '' }).toString();
    const answer = await send(`/w/${workplace}/nominate`, 'application/x-www-form-urlencoded', form, 'length');
    expect(answer.status).toBeLessThan(400);
    const rows = await t.ctx.db.selectFrom('nominations').select('staff_first_name').where('story', '=', story).execute();
    expect(rows).toEqual([{ staff_first_name: 'Zoë' }]);
  });
});
