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
