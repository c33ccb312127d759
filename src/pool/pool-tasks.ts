import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import {
  type BadgeInput,
  type CounterCardInput,
  type ProfileCardInput,
  renderBadgePng,
  renderCounterCardPng,
  renderProfileCardPng,
  renderShareCardPng,
  type ShareCardInput,
} from '../badges/render.ts';
import type { Credential } from '../credentials/ob3/credential.ts';
import { createLocalCredentialWork, type SignTask, type VerifyTask } from '../credentials/ob3/credential-work.ts';
import type { Ob3VerifyResult } from '../credentials/ob3/sign.ts';

// What a worker thread of the pool runs: each task is a function of its input alone, so a thread holds nothing
// but its own memos: the drawing engine's fonts and decors, and the credential suites' templates and keys, learned
// from the credentials this thread signs (suites.ts).

/** A piece of heavy work, as it is sent to a thread: plain data, copied across. */
export type PoolTask =
  | { kind: 'badge'; input: BadgeInput }
  | { kind: 'card'; input: ShareCardInput }
  | { kind: 'counter'; input: CounterCardInput }
  | { kind: 'profile'; input: ProfileCardInput }
  | { kind: 'sign'; input: SignTask }
  | { kind: 'verify'; input: VerifyTask };

/** What each kind of task answers. */
export type PoolResult<K extends PoolTask['kind']> = K extends 'sign' ? Credential : K extends 'verify' ? Ob3VerifyResult : Uint8Array;

const credentials = createLocalCredentialWork();

// A thread of the pool yields the CPU to the request thread: on Linux a thread's nice value is its own, and
// /proc/thread-self names the thread, so this lowers this thread's priority alone. A server whose cores are all
// busy drawing then still answers its cheap requests at once (the isolation bench, docs/performance.md). Elsewhere
// the call fails and the thread keeps the process's priority.
const YIELDING_NICE = 10;
try {
  const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isSafeInteger(threadId) && threadId > 0) setPriority(threadId, Math.max(getPriority(threadId), YIELDING_NICE));
} catch {
  // Not Linux, or not allowed: the same work at the same priority.
}

/** Runs one task in the thread it was sent to. */
export default async function runTask(task: PoolTask): Promise<PoolResult<PoolTask['kind']>> {
  switch (task.kind) {
    case 'badge':
      return renderBadgePng(task.input);
    case 'card':
      return renderShareCardPng(task.input);
    case 'counter':
      return renderCounterCardPng(task.input);
    case 'profile':
      return renderProfileCardPng(task.input);
    case 'sign':
      return credentials.sign(task.input);
    case 'verify':
      return credentials.verify(task.input);
  }
}
