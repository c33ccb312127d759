import { createHash, createHmac, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

// A call to randomBytes costs about the same whatever its size, so ids and tokens take theirs from a pool
// refilled POOL_SIZE bytes at a time (as crypto.randomUUID does). Each call's bytes are copied out, never shared.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function randomFromPool(size: number): Buffer {
  if (poolOffset + size > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + size));
  // Spent bytes are wiped, so a token never stays readable in the pool.
  pool.fill(0, poolOffset, poolOffset + size);
  poolOffset += size;
  return bytes;
}

const random10 = () => randomFromPool(10);

let lastTime = -1;
let lastRandom: Uint8Array = new Uint8Array(10);

/**
 * A 26-character id that sorts by creation time (48 bits of milliseconds, 80 random bits).
 * Within one millisecond (or a clock that stands still, in tests) a process's ids still
 * increase: the random part is counted up, as ULID does.
 */
export function newId(now: number = Date.now()): string {
  let random: Uint8Array;
  if (now <= lastTime) {
    now = lastTime;
    random = Uint8Array.from(lastRandom);
    for (let i = random.length - 1; i >= 0; i--) {
      random[i] = (random[i]! + 1) & 0xff;
      if (random[i] !== 0) break;
    }
  } else {
    random = random10();
  }
  lastTime = now;
  lastRandom = random;
  return idFrom(now, random);
}

/**
 * An id in newId's format for a given moment and random part: for back-filling a history in the
 * past (bench seeds), where newId, which never goes back in time, would stamp today's time.
 */
export function idFrom(ms: number, random: Uint8Array = random10()): string {
  const bytes = new Uint8Array(16);
  let t = ms;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes.set(random.subarray(0, 10), 6);
  return base32(bytes);
}

/** A secret token for a link (claim, withdraw, invite): 256 random bits. */
export function newToken(): string {
  return randomFromPool(32).toString('base64url');
}

/** SHA-256 in hex: how tokens are stored, so a leaked table opens nothing. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A keyed hash (HMAC-SHA-256, hex): how client addresses are kept. */
export function keyedHash(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('hex');
}
