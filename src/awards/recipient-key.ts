import { keyedHash } from '../lib/ids.ts';

/**
 * The keyed hash that finds every badge claimed with one address: keyed so that a copy of the table cannot be
 * searched for a known address without the instance's key, and normalised so " Ana@X.ca" and "ana@x.ca" meet.
 */
export function recipientKey(hashKey: string, email: string): string {
  return keyedHash(hashKey, `recipient:${email.trim().toLowerCase()}`);
}
