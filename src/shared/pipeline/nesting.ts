/**
 * How deep JSON values in a pipeline may nest. Serialising, hashing and copying values recurse, so a value
 * nested 10,000 levels deep (an inline dataset row, a config field) would end in "Maximum call stack size
 * exceeded" far from where it came from; validation refuses it up front, naming its path.
 */

/** Deepest nesting of arrays and objects a pipeline document may hold (the document itself is level 1). */
export const MAX_JSON_DEPTH = 200;

/** The path of the first value nested deeper than `max`, or undefined; walks with its own stack (no recursion). */
export function tooDeepPath(value: unknown, max = MAX_JSON_DEPTH): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (path.length >= max) return path;
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
    else for (const [k, child] of Object.entries(v)) stack.push({ value: child, path: [...path, k] });
  }
  return undefined;
}
