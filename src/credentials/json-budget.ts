/**
 * What a JSON credential or assertion sent to /verify may hold before any JSON-LD work is done on it. JSON-LD
 * expansion and canonicalisation cost grows with every node, so a document padded with thousands of entries
 * would hold the server for seconds; genuine badges, Élan's and other issuers' with long evidence or alignment
 * lists, stay far inside these caps.
 */
export type JsonBudget = Readonly<{
  /** Values of every kind (objects, arrays, strings, numbers…) counted together. */
  maxNodes: number;
  /** Items in any one array. */
  maxArrayLength: number;
  /** Objects and arrays nested in each other. */
  maxDepth: number;
}>;

/** The caps /verify applies. */
export const VERIFY_JSON_BUDGET: JsonBudget = Object.freeze({ maxNodes: 2500, maxArrayLength: 250, maxDepth: 32 });

/** Which cap a document went past. */
export type JsonBudgetExcess = 'nodes' | 'arrayLength' | 'depth';

/**
 * The first cap a parsed JSON value goes past, or null when it is within all of them. It walks without recursion
 * and stops as soon as a cap is passed, so a document nested thousands deep or holding a huge list costs no more
 * than one inside the caps.
 */
export function checkJsonBudget(value: unknown, budget: JsonBudget = VERIFY_JSON_BUDGET): JsonBudgetExcess | null {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  let nodes = 1;
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current.value === null || typeof current.value !== 'object') continue;
    if (current.depth > budget.maxDepth) return 'depth';
    let children: unknown[];
    if (Array.isArray(current.value)) {
      if (current.value.length > budget.maxArrayLength) return 'arrayLength';
      children = current.value;
    } else {
      children = Object.values(current.value);
    }
    nodes += children.length;
    if (nodes > budget.maxNodes) return 'nodes';
    for (const child of children) pending.push({ value: child, depth: current.depth + 1 });
  }
  return null;
}

/** The same caps, on a document nested `levels` deep inside a wrapper such as `{"credential": …}`. */
export function wrappedBudget(levels: number, budget: JsonBudget = VERIFY_JSON_BUDGET): JsonBudget {
  return { maxNodes: budget.maxNodes + 2 * levels, maxArrayLength: budget.maxArrayLength, maxDepth: budget.maxDepth + levels };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const isBlank = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/**
 * checkJsonBudget on JSON text, before it is parsed: the same counts for well-formed JSON, read in one pass that
 * stops at the first cap passed, so a document padded with thousands of entries is refused having cost a scan of
 * its first few kilobytes, not a parse of all of it. Text that is not JSON may pass; JSON.parse refuses it after.
 */
export function checkJsonTextBudget(text: string, budget: JsonBudget = VERIFY_JSON_BUDGET): JsonBudgetExcess | null {
  // Per open container: whether it is an array, and its items so far.
  const arrays: boolean[] = [];
  const items: number[] = [];
  let nodes = 0;
  let expectingKey = false;
  // Counts one value in the container it sits in.
  const value = (): JsonBudgetExcess | null => {
    nodes++;
    if (nodes > budget.maxNodes) return 'nodes';
    const top = arrays.length - 1;
    if (top >= 0 && arrays[top] && ++items[top]! > budget.maxArrayLength) return 'arrayLength';
    return null;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isBlank(code) || code === COLON) continue;
    if (code === QUOTE) {
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      if (expectingKey) expectingKey = false;
      else {
        const excess = value();
        if (excess) return excess;
      }
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      const excess = value();
      if (excess) return excess;
      if (arrays.length + 1 > budget.maxDepth) return 'depth';
      arrays.push(code === OPEN_ARRAY);
      items.push(0);
      expectingKey = code === OPEN_OBJECT;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      arrays.pop();
      items.pop();
      expectingKey = false;
    } else if (code === COMMA) {
      expectingKey = arrays.length > 0 && !arrays[arrays.length - 1];
    } else {
      // A number, true, false or null: one value, up to the next delimiter.
      const excess = value();
      if (excess) return excess;
      while (i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (isBlank(next) || next === COMMA || next === CLOSE_OBJECT || next === CLOSE_ARRAY) break;
        i++;
      }
    }
  }
  return null;
}
