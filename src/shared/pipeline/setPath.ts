/**
 * Sets a field of a JSON document by a dotted path with [n] indices, returning a new document (the input is not
 * changed): "models.reasoner.baseUrl", "nodes[1].config.template", "settings.concurrency". In an array, a name
 * segment picks the element with that `id`: "nodes.reason.config.template".
 */
import { RESERVED_KEYS } from "./nesting";

export type PathSegment = string | number;

export function parseSetPath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[\s*"([^"]*)"\s*\]|\.(?=[^.[\]])/gy;
  let i = 0;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m || re.lastIndex === i) throw new Error(`cannot read path "${path}" at position ${i}`);
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
    i = re.lastIndex;
  }
  if (out.length === 0) throw new Error("the path is empty");
  const reserved = out.find((s) => typeof s === "string" && RESERVED_KEYS.has(s));
  if (reserved !== undefined) throw new Error(`"${reserved}" is a reserved name in JavaScript and cannot be a model name, field or key`);
  return out;
}

function describe(segments: PathSegment[]): string {
  return segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

export function setPath<T>(doc: T, path: string | PathSegment[], value: unknown): T {
  const segments = typeof path === "string" ? parseSetPath(path) : path;
  const step = (node: unknown, depth: number): unknown => {
    if (depth === segments.length) return value;
    const seg = segments[depth];
    const here = describe(segments.slice(0, depth + 1));
    if (Array.isArray(node)) {
      let index: number;
      if (typeof seg === "number") index = seg;
      else {
        index = node.findIndex((el) => el !== null && typeof el === "object" && (el as { id?: unknown }).id === seg);
        if (index < 0) throw new Error(`${here}: no element with id "${seg}"`);
      }
      if (index > node.length) throw new Error(`${here}: index ${index} is past the end (length ${node.length})`);
      const copy = node.slice();
      copy[index] = step(node[index], depth + 1);
      return copy;
    }
    if (node === undefined || node === null) {
      return typeof seg === "number" ? step([], depth) : { [seg]: step(undefined, depth + 1) };
    }
    if (typeof node !== "object") throw new Error(`${describe(segments.slice(0, depth))} is a ${typeof node}, not an object`);
    if (typeof seg === "number") throw new Error(`${describe(segments.slice(0, depth))} is an object, not a list`);
    return { ...(node as Record<string, unknown>), [seg]: step((node as Record<string, unknown>)[seg], depth + 1) };
  };
  return step(doc, 0) as T;
}

/** Parses "PATH=VALUE": the value as JSON when it parses, else as a string. */
export function parseSetArgument(arg: string): { path: string; value: unknown } {
  const eq = arg.indexOf("=");
  if (eq <= 0) throw new Error(`--set needs PATH=VALUE, got "${arg}"`);
  const path = arg.slice(0, eq).trim();
  const raw = arg.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  parseSetPath(path);
  return { path, value };
}
