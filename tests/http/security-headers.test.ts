import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/http/security-headers.ts';
import { createTestAppOnSocket, testClock } from '../helpers/app.ts';
import { A_NOMINATION } from '../helpers/journey.ts';

// Every answer behind the middleware carries the security headers once, whether Node's server
// writes it (they go on Node's response first) or the app answers in-process.

const clock = testClock('2026-11-22T15:00:00.000Z');
let t: Awaited<ReturnType<typeof createTestAppOnSocket>>;

beforeAll(async () => {
  t = await createTestAppOnSocket({ clock });
  await t.addWorkplace('cafe-rouge');
});
afterAll(() => t.close());

type Answer = { status: number; rawHeaders: string[] };

function ask(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: t.port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Each header's values as they came over the wire, by lower-case name. */
function linesByName(rawHeaders: string[]): Map<string, string[]> {
  const lines = new Map<string, string[]>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    lines.set(name, [...(lines.get(name) ?? []), rawHeaders[i + 1]!]);
  }
  return lines;
}

const nomination = JSON.stringify(A_NOMINATION);

describe('the security headers over a real socket', () => {
  const answers: [string, () => Promise<Answer>, number][] = [
    ['the home page', () => ask('GET', '/', { accept: 'text/html' }), 200],
    ['a JSON list', () => ask('GET', '/api/v1/categories'), 200],
    ['a page that does not exist', () => ask('GET', '/no-such-page', { accept: 'text/html' }), 404],
    ['broken JSON', () => ask('POST', '/api/v1/nominations', { 'content-type': 'application/json' }, '{"workplace":'), 400],
    ['a nomination taken', () => ask('POST', '/api/v1/nominations', { 'content-type': 'application/json' }, nomination), 201],
  ];

  for (const [what, send, status] of answers) {
    it(`come once each with ${what}`, async () => {
      const answer = await send();
      expect(answer.status).toBe(status);
      const lines = linesByName(answer.rawHeaders);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(lines.get(name.toLowerCase()), name).toEqual([value]);
      expect(lines.get('content-type')).toHaveLength(1);
    });
  }

  it('are the same for a request made in-process', async () => {
    const res = await t.app.request('/api/v1/categories');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), name).toBe(value);
  });

  it('include the policy that keeps scripts, styles and forms to Élan and forbids framing', () => {
    const csp = SECURITY_HEADERS['Content-Security-Policy']!;
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ])
      expect(csp).toContain(directive);
    expect(SECURITY_HEADERS['X-Frame-Options']).toBe('DENY');
  });
});
