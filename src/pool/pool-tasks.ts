import {
  type BadgeInput,
  type CounterCardInput,
  renderBadgePng,
  renderCounterCardPng,
  renderShareCardPng,
  type ShareCardInput,
} from '../badges/render.ts';

// What a worker thread of the pool runs: each task is a pure function of its input, so a thread
// holds nothing but the drawing engine's own memos (fonts, decors), which are its own.

/** A piece of heavy work, as it is sent to a thread: plain data, copied across. */
export type PoolTask =
  | { kind: 'badge'; input: BadgeInput }
  | { kind: 'card'; input: ShareCardInput }
  | { kind: 'counter'; input: CounterCardInput };

/** Runs one task in the thread it was sent to. */
export default async function runTask(task: PoolTask): Promise<Uint8Array> {
  switch (task.kind) {
    case 'badge':
      return renderBadgePng(task.input);
    case 'card':
      return renderShareCardPng(task.input);
    case 'counter':
      return renderCounterCardPng(task.input);
  }
}
