import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpLoad, percentile } from '../../bench/lib/http-load.ts';

// The bench's figures are only as true as its load generator: it must count every answer, however
// the server frames it, and never one that did not come. Each run stops after a count of answers (its
// seconds are only a ceiling), so a busy machine makes these tests slower, not red.
const CEILING_SECONDS = 15;

let server: Server;
let base: string;
const served = new Map<string, number>();

function answer(req: IncomingMessage, res: ServerResponse) {
  served.set(req.url!, (served.get(req.url!) ?? 0) + 1);
  if (req.url === '/binary') {
    // Bytes that are not text, with CRLFs among them: a body is skipped by its length, never searched.
    const body = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i % 7 === 0 ? 0x0d : i % 7 === 1 ? 0x0a : (i * 31) & 0xff)));
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': body.byteLength });
    res.end(body);
  } else if (req.url === '/chunked') {
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.write('{"id":');
    setImmediate(() => res.end('"x\r\n0\r\n"}'));
  } else if (req.url === '/not-modified') {
    res.writeHead(304, { ETag: '"a"', 'Content-Length': '1234' });
    res.end();
  } else if (req.url === '/closes') {
    res.writeHead(503, { Connection: 'close', 'Content-Length': '4' });
    res.end('busy');
  } else if (req.method === 'POST') {
    let length = 0;
    req.on('data', (chunk: Buffer) => (length += chunk.byteLength));
    req.on('end', () => res.end(JSON.stringify({ length })));
  } else {
    res.writeHead(404, { 'Content-Length': '0' });
    res.end();
  }
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Loads a path for 40 answers and checks that what the generator counts is what the server answered. */
async function loadAndCount(path: string, status: number, init: { method?: string; body?: string } = {}) {
  served.clear();
  const result = await httpLoad({
    url: `${base}${path}`,
    method: init.method ?? 'GET',
    headers: {},
    body: init.body,
    connections: 4,
    seconds: CEILING_SECONDS,
    stopAfter: 40,
  });
  const answered = result.statuses.get(status) ?? 0;
  expect([...result.statuses.keys()]).toEqual([status]);
  expect(answered).toBe(40);
  expect(result.errors).toBe(0);
  expect(result.latenciesMs.length).toBe(answered);
  // Every answer counted was served; at most one request per connection was in flight at the stop.
  const servedCount = served.get(path) ?? 0;
  expect(servedCount).toBeGreaterThanOrEqual(answered);
  expect(result.sent - answered).toBeLessThanOrEqual(4);
  expect(servedCount).toBeLessThanOrEqual(result.sent);
  return result;
}

describe("the bench's load generator", () => {
  it('counts binary answers framed by Content-Length, whatever bytes they hold', async () => {
    const result = await loadAndCount('/binary', 200);
    expect(percentile(result.latenciesMs, 50)).toBeLessThanOrEqual(percentile(result.latenciesMs, 99));
  });

  it('reads chunked answers to their last chunk', async () => {
    await loadAndCount('/chunked', 201);
  });

  it('takes a 304 as bodiless even when it names a length', async () => {
    await loadAndCount('/not-modified', 304);
  });

  it('opens the connection again after an answer that closes it', async () => {
    await loadAndCount('/closes', 503);
  });

  it('sends the body of a POST with its length', async () => {
    served.clear();
    const body = JSON.stringify({ story: 'é'.repeat(100) });
    const result = await httpLoad({
      url: `${base}/echo`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: 2,
      seconds: CEILING_SECONDS,
      stopAfter: 20,
    });
    expect(result.statuses.get(200)).toBe(20);
    expect(served.get('/echo')).toBeGreaterThanOrEqual(20);
    expect(result.errors).toBe(0);
  });

  it('counts a refused connection as an error, not an answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await httpLoad({
      url: `http://127.0.0.1:${port}/`,
      method: 'GET',
      headers: {},
      connections: 2,
      seconds: CEILING_SECONDS,
      stopAfter: 3,
    });
    expect(result.statuses.size).toBe(0);
    expect(result.errors).toBe(3);
  });

  it('keeps the part of a head it has read while other connections read into the same buffer', async () => {
    // A server that sends each answer's head in two writes, a moment apart: the generator must
    // keep the first part across the reads of the other connections, which land in the same buffer.
    const sockets = new Set<Socket>();
    const split = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        while (received.includes('\r\n\r\n')) {
          received = received.slice(received.indexOf('\r\n\r\n') + 4);
          socket.write('HTTP/1.1 202 Accepted\r\nContent-Le');
          setTimeout(() => socket.writable && socket.write('ngth: 2\r\nX-Part: second\r\n\r\nok'), 2);
        }
      });
    });
    await new Promise<void>((resolve) => split.listen(0, '127.0.0.1', resolve));
    try {
      const port = (split.address() as AddressInfo).port;
      const result = await httpLoad({
        url: `http://127.0.0.1:${port}/`,
        method: 'GET',
        headers: {},
        connections: 8,
        seconds: CEILING_SECONDS,
        stopAfter: 60,
      });
      expect([...result.statuses.keys()]).toEqual([202]);
      expect(result.statuses.get(202)).toBe(60);
      expect(result.errors).toBe(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => split.close(resolve));
    }
  });
});
