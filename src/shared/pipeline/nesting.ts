/**
 * The shape checks that run before the schema. How deep JSON values in a pipeline may nest. Serialising, hashing and copying values recurse, so a value
 * nested 10,000 levels deep (an inline dataset row, a config field) would end in "Maximum call stack size
 * exceeded" far from where it came from; validation refuses it up front, naming its path. Keys named
 * __proto__ are refused too (see RESERVED_KEYS).
 */

/** Deepest nesting of arrays and objects a pipeline document may hold (the document itself is level 1). */
export const MAX_JSON_DEPTH = 200;

/**
 * The name JavaScript objects treat specially: a model, field or key called `__proto__` would be dropped (or
 * would change an object's prototype) on the way through the app, so a document may not use it as a key.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__"]);

export type StructureProblem = { kind: "too-deep" | "reserved-key"; path: (string | number)[] };

/**
 * The first value nested deeper than `max`, or key with a reserved name, or undefined; walks with its own
 * stack (no recursion).
 */
export function structureProblem(value: unknown, max = MAX_JSON_DEPTH, checkKeys = true): StructureProblem | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (path.length >= max) return { kind: "too-deep", path };
    if (checkKeys && !Array.isArray(v)) for (const k of Object.keys(v)) if (RESERVED_KEYS.has(k)) return { kind: "reserved-key", path: [...path, k] };
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
    else for (const [k, child] of Object.entries(v)) stack.push({ value: child, path: [...path, k] });
  }
  return undefined;
}
