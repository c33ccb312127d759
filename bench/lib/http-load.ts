import { connect, type Socket } from 'node:net';

// The bench's load generator: keep-alive HTTP/1.1 connections on plain sockets, each sending its
// request again as soon as the answer before is complete, as autocannon does. It reads the status
// and the framing of each answer (Content-Length or chunked) and skips the body without decoding
// it. autocannon appends every body to a JS string (`req.body += data`); for a binary body, such as
// a 73 KB PNG, that UTF-8 decoding costs the load generator more than the server spends answering,
// so the figure measured the generator rather than the server. Here the cost of an answer does not
// depend on its bytes, so Élan and the bare-Hono ceiling are held to the same client.

export type HttpLoadOptions = Readonly<{
  url: string;
  method: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
  connections: number;
  seconds: number;
  /**
   * Stops as soon as this many answers and errors have been counted, before `seconds` is up: the tests
   * bound a run by a count, so that a busy machine makes them slower rather than failing them.
   */
  stopAfter?: number;
  /** An answer not complete after this long counts as an error and its connection is opened again. */
  timeoutMs?: number;
}>;

export type HttpLoadResult = Readonly<{
  seconds: number;
  /** Answers by HTTP status. */
  statuses: ReadonlyMap<number, number>;
  /** Latency of every answer, milliseconds, sorted. */
  latenciesMs: Float64Array;
  /** Connection errors, broken answers and timeouts. */
  errors: number;
  /** Requests written. */
  sent: number;
}>;

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const DEFAULT_TIMEOUT_MS = 10_000;
const RECONNECT_AFTER_FAULT_MS = 10;
/** The one buffer every connection of a run reads into (each read is parsed before the next). */
const READ_BUFFER_BYTES = 256 * 1024;

/** The request's bytes, written as they are for every request of the run. */
function requestBytes(options: HttpLoadOptions): Buffer {
  const url = new URL(options.url);
  const body = options.body === undefined ? null : Buffer.from(options.body);
  const lines = [`${options.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of Object.entries(options.headers)) lines.push(`${name}: ${value}`);
  if (body) lines.push(`Content-Length: ${body.byteLength}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body ? Buffer.concat([head, body]) : head;
}

/** Whether an answer of this status to a GET or POST has no body, whatever its headers say. */
const bodiless = (status: number) => (status >= 100 && status < 200) || status === 204 || status === 304;

type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'close' };

/** The status and framing read from an answer's head (status line and headers, latin1). */
function parseHead(head: string): { status: number; framing: Framing; closes: boolean } {
  const status = Number(head.slice(9, 12));
  if (!head.startsWith('HTTP/1.') || !Number.isInteger(status)) throw new Error(`not an HTTP answer: ${JSON.stringify(head.slice(0, 40))}`);
  let length: number | null = null;
  let chunked = false;
  let closes = false;
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') length = Number(value);
    else if (name === 'transfer-encoding') chunked = value.includes('chunked');
    else if (name === 'connection') closes = value.includes('close');
  }
  if (bodiless(status)) return { status, framing: { kind: 'length', remaining: 0 }, closes };
  if (chunked) return { status, framing: { kind: 'chunked' }, closes };
  if (length !== null && Number.isSafeInteger(length) && length >= 0)
    return { status, framing: { kind: 'length', remaining: length }, closes };
  return { status, framing: { kind: 'close' }, closes: true };
}

/** Reads answers off one connection's bytes, calling `onAnswer` with the status of each complete one. */
class AnswerReader {
  private pending: Buffer = Buffer.alloc(0);
  private state: 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' = 'head';
  private status = 0;
  private remaining = 0;
  private closes = false;

  constructor(private readonly onAnswer: (status: number, closes: boolean) => void) {}

  /** Takes the next bytes received; throws on an answer that is not HTTP/1.1. */
  push(chunk: Buffer): void {
    let data = this.pending.byteLength > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    for (;;) {
      if (this.state === 'body' || this.state === 'chunk-data') {
        const taken = Math.min(this.remaining, data.byteLength);
        this.remaining -= taken;
        data = data.subarray(taken);
        if (this.remaining > 0) return;
        if (this.state === 'body') this.complete();
        else this.state = 'chunk-end';
        continue;
      }
      const delimiter = this.state === 'head' ? CRLF_CRLF : CRLF;
      const end = data.indexOf(delimiter);
      if (end < 0) {
        if (data.byteLength > 64 * 1024) throw new Error('an answer line or head over 64 KB');
        this.pending = Buffer.from(data);
        return;
      }
      const text = data.toString('latin1', 0, end);
      data = data.subarray(end + delimiter.byteLength);
      if (this.state === 'head') {
        const head = parseHead(text);
        if (head.framing.kind === 'close') throw new Error('an answer framed by closing the connection');
        this.status = head.status;
        this.closes = head.closes;
        if (head.framing.kind === 'chunked') this.state = 'chunk-size';
        else if (head.framing.remaining === 0) this.complete();
        else [this.state, this.remaining] = ['body', head.framing.remaining];
      } else if (this.state === 'chunk-size') {
        const size = Number.parseInt(text, 16);
        if (!Number.isSafeInteger(size) || size < 0) throw new Error(`a bad chunk size: ${JSON.stringify(text.slice(0, 20))}`);
        if (size === 0) this.state = 'trailers';
        else [this.state, this.remaining] = ['chunk-data', size];
      } else if (this.state === 'chunk-end') {
        if (text !== '') throw new Error('a chunk not followed by CRLF');
        this.state = 'chunk-size';
      } else if (text === '') {
        this.complete(); // the empty line after the trailers ends a chunked answer
      }
    }
  }

  private complete(): void {
    this.state = 'head';
    this.onAnswer(this.status, this.closes);
  }
}

/** Percentile `p` (0–100) of sorted values, nearest rank; NaN when there are none. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Loads one URL for `seconds` over `connections` keep-alive connections, one request in flight on
 * each. When the time is up no new request is sent and the connections are closed; requests then in
 * flight stay unanswered (sent minus answered).
 */
export function httpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const url = new URL(options.url);
  if (url.protocol !== 'http:') throw new Error(`the load generator speaks plain HTTP, not ${url.protocol}`);
  const port = Number(url.port || 80);
  const request = requestBytes(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const statuses = new Map<number, number>();
  let latencies = new Float64Array(1 << 16);
  let answered = 0;
  let errors = 0;
  let sent = 0;
  let running = true;
  const sockets = new Set<Socket>();
  const started = performance.now();
  const readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  const stopAfter = options.stopAfter ?? Number.POSITIVE_INFINITY;
  let finish = () => {};

  const record = (status: number, latencyMs: number) => {
    if (!running) return; // the rest of a read that ended the run
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (answered === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[answered++] = latencyMs;
    if (answered + errors >= stopAfter) finish();
  };

  const open = () => {
    if (!running) return;
    // Every read lands in the run's one buffer (onread) and is parsed before the next read, so no
    // Buffer is allocated per read: with Node's own per-read buffers, a 73 KB answer cost the
    // generator more than the bare-Hono server spent sending it (the generator's core at 90-98 %,
    // the server's at 55-73 %), and the ceiling measured the generator.
    const socket = connect({
      host: url.hostname,
      port,
      noDelay: true,
      onread: {
        buffer: readBuffer,
        callback: (bytes) => {
          try {
            reader.push(readBuffer.subarray(0, bytes));
          } catch {
            fail();
          }
          return true;
        },
      },
    });
    sockets.add(socket);
    let sentAt = 0;
    let inFlight = false;
    let failed = false;
    const send = () => {
      if (!running) return;
      inFlight = true;
      sentAt = performance.now();
      sent++;
      socket.write(request);
    };
    const fail = () => {
      if (failed) return;
      failed = true;
      if (running) errors++;
      socket.destroy();
      if (answered + errors >= stopAfter) finish();
    };
    const reader = new AnswerReader((status, closes) => {
      inFlight = false;
      record(status, performance.now() - sentAt);
      if (closes) socket.end();
      else send();
    });
    socket.setTimeout(timeoutMs, () => {
      if (inFlight) fail();
    });
    socket.on('connect', send);
    socket.on('error', fail);
    socket.on('close', () => {
      sockets.delete(socket);
      if (inFlight && !failed && running) {
        errors++;
        if (answered + errors >= stopAfter) finish();
      }
      // After a fault, a moment's pause: a server that refuses connections is not hammered in a loop.
      if (failed) setTimeout(open, RECONNECT_AFTER_FAULT_MS);
      else open();
    });
  };

  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(), options.seconds * 1000);
    finish = () => {
      if (!running) return;
      running = false;
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      for (const socket of sockets) socket.destroy();
      const sorted = latencies.slice(0, answered).sort();
      resolve({ seconds, statuses, latenciesMs: sorted, errors, sent });
    };
    for (let i = 0; i < options.connections; i++) open();
  });
}
