import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_TIMEOUT_MS, serveApp } from '../../src/http/serve.ts';
import { createTestApp, createTestAppOnSocket, type TestApp } from '../helpers/app.ts';
import { approvedAward, claim, ORIGIN } from '../helpers/journey.ts';

let t: TestApp;
let manager: { cookie: string };

beforeAll(async () => {
  t = await createTestApp();
  const rouge = await t.addWorkplace('cafe-rouge');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
});
afterAll(() => t.close());

const html = (lang = 'fr') => ({ accept: 'text/html', 'accept-language': lang });

describe('a path that starts with two slashes', () => {
  it('gets a 404 whose links all stay on this site', async () => {
    for (const path of ['//evil.example/path', '///evil.example/path?x=1', '/\\evil.example/path']) {
      const res = await t.app.request(path, { headers: html() });
      expect(res.status, path).toBe(404);
      const body = await res.text();
      expect(body, path).not.toMatch(/(href|action|src)="\/\/|(href|action|src)="\/\\/);
      expect(body, path).toContain('href="/evil.example/path');
    }
  });

  it('does so over a real socket too', async () => {
    const served = await createTestAppOnSocket();
    try {
      const res = await fetch(`http://127.0.0.1:${served.port}//evil.example/path`, { headers: html('en') });
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).toContain('href="/evil.example/path?lang=fr"');
      expect(body).not.toContain('href="//');
    } finally {
      await served.close();
    }
  });
});

describe('a client that sends its body slowly', () => {
  it('is answered 408 and cut off once the request timeout passes', async () => {
    const served = await createTestAppOnSocket({ requestTimeoutMs: 300 });
    try {
      const socket = connect(served.port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.on('error', () => {});
      // Headers promising 200 bytes, then 10 of them, then nothing: the server must not wait forever.
      socket.write(
        'POST /api/v1/nominations HTTP/1.1\r\nHost: localhost:3000\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"workplac',
      );
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      // The server still answers everyone else.
      expect((await fetch(`http://127.0.0.1:${served.port}/healthz`)).status).toBe(200);
    } finally {
      await served.close();
    }
  });

  it('has 30 s in production, headers 10 s, and an idle connection 5 s', async () => {
    const server = serveApp({ fetch: () => new Response('ok'), port: 0, hostname: '127.0.0.1' });
    try {
      expect(REQUEST_TIMEOUT_MS).toBe(30_000);
      expect([server.requestTimeout, server.headersTimeout, server.keepAliveTimeout]).toEqual([30_000, 10_000, 5_000]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('private pages', () => {
  it('are sent with Cache-Control: no-store, and public ones are not', async () => {
    const { claimPath, nominationId } = await approvedAward(t, manager);
    const privatePages: [string, Record<string, string>][] = [
      [claimPath, {}],
      ['/claim/no-such-link', {}],
      ['/my/no-such-link', {}],
      ['/n/no-such-link', {}],
      ['/invite/no-such-link', {}],
      ['/manage', {}],
      ['/manage', { cookie: manager.cookie }],
      ['/manage/wall', { cookie: manager.cookie }],
      [`/manage/nominations/${nominationId}`, { cookie: manager.cookie }],
      ['/manage/workplaces', { cookie: manager.cookie }],
    ];
    for (const [path, headers] of privatePages) {
      const res = await t.app.request(path, { headers: { ...html(), ...headers } });
      expect(res.headers.get('cache-control'), `${path} (${res.status})`).toBe('no-store');
    }
    for (const path of ['/', '/nominate', '/login', '/verify']) {
      const res = await t.app.request(path, { headers: html() });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control') ?? '', path).not.toContain('no-store');
    }
  });
});

describe('the form that revokes a badge', () => {
  it('says, in French and in English, that the reason is published in the Open Badges 2.0 assertion', async () => {
    const { nominationId } = await approvedAward(t, manager);
    const page = async (lang: string) =>
      (await t.app.request(`/manage/nominations/${nominationId}`, { headers: { ...html(lang), cookie: manager.cookie } })).text();
    expect(await page('fr')).toContain('La raison est publiée : elle figure dans l’assertion Open Badges 2.0 du badge');
    expect(await page('en')).toContain('The reason is published: it appears in the badge’s Open Badges 2.0 assertion');

    // And so it is, once the badge was claimed.
    const { awardId, token } = await approvedAward(t, manager);
    expect((await claim(t, token)).status).toBe(200);
    const revoked = await t.postJson(
      `/api/v1/awards/${awardId}/revoke`,
      { reason: 'Décerné par erreur' },
      { cookie: manager.cookie, ...ORIGIN },
    );
    expect(revoked.status).toBe(200);
    expect(await (await t.app.request(`/ob2/assertions/${awardId}`)).json()).toMatchObject({
      revoked: true,
      revocationReason: 'Décerné par erreur',
    });
  });
});
