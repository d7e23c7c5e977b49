/**
 * Evaluates a parsed condition (./condition.ts) over input values.
 *
 * - A missing input or field is null. Comparisons with null other than == / != are false.
 * - A number and a numeric text compare as numbers ("4" >= 4); "true"/"false" texts equal the booleans.
 * - `contains`: substring of a text, element of a list, key of an object. `in` is the same, reversed.
 * - Truthiness (for &&, ||, ! and a bare value): false, null, 0, "" and [] are false.
 * Mismatched types (a text < a list, len of a number) are errors naming the column.
 */
import { compileUserRegex } from "../userRegex";
import type { CompareOp, CondNode, Condition } from "./condition";
import { collectPaths, type PathNode } from "./conditionPaths";

export type ConditionResult = { ok: true; value: boolean } | { ok: false; error: string };

class EvalError extends Error {
  constructor(message: string, column: number) {
    super(`column ${column}: ${message}`);
  }
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "list";
  return typeof v === "object" ? "object" : typeof v;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === "number" || typeof b === "number") {
    const x = asNumber(a);
    const y = asNumber(b);
    return x !== undefined && y !== undefined && x === y;
  }
  if (typeof a === "boolean" && typeof b === "string") return String(a) === b.trim().toLowerCase();
  if (typeof b === "boolean" && typeof a === "string") return String(b) === a.trim().toLowerCase();
  if (typeof a === "object" && typeof b === "object") return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function order(op: CompareOp, a: unknown, b: unknown, column: number): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const x = asNumber(a);
  const y = asNumber(b);
  let cmp: number;
  if (x !== undefined && y !== undefined && (typeof a === "number" || typeof b === "number")) cmp = x - y;
  else if (typeof a === "string" && typeof b === "string") cmp = a < b ? -1 : a > b ? 1 : 0;
  else throw new EvalError(`cannot compare ${typeName(a)} ${JSON.stringify(a)} ${op} ${typeName(b)} ${JSON.stringify(b)}`, column);
  if (op === "<") return cmp < 0;
  if (op === "<=") return cmp <= 0;
  if (op === ">") return cmp > 0;
  return cmp >= 0;
}

function hasMember(container: unknown, member: unknown, column: number, op: string): boolean {
  if (container === null || container === undefined) return false;
  if (typeof container === "string") {
    if (member === null || member === undefined || typeof member === "object") throw new EvalError(`${op} on a text needs a text, got ${typeName(member)}`, column);
    return container.includes(String(member));
  }
  if (Array.isArray(container)) return container.some((x) => looseEquals(x, member));
  if (typeof container === "object") return typeof member === "string" && Object.prototype.hasOwnProperty.call(container, member);
  throw new EvalError(`${op} needs a text, list or object, got ${typeName(container)} ${JSON.stringify(container)}`, column);
}

export function resolvePath(values: Record<string, unknown>, root: string, segments: readonly (string | number)[]): unknown {
  let v: unknown = Object.prototype.hasOwnProperty.call(values, root) ? values[root] : null;
  for (const s of segments) {
    if (v === null || v === undefined || typeof v !== "object") return null;
    const next = (v as Record<string | number, unknown>)[s];
    v = Object.prototype.hasOwnProperty.call(v, s) ? next : null;
  }
  return v === undefined ? null : v;
}

function evaluate(node: CondNode, values: Record<string, unknown>): unknown {
  switch (node.type) {
    case "literal":
      return node.value;
    case "path":
      return resolvePath(values, node.root, node.segments);
    case "list":
      return node.items.map((n) => evaluate(n, values));
    case "len": {
      const v = evaluate(node.arg, values);
      if (v === null || v === undefined) return 0;
      if (typeof v === "string" || Array.isArray(v)) return v.length;
      if (typeof v === "object") return Object.keys(v).length;
      throw new EvalError(`len() needs a text, list or object, got ${typeName(v)} ${JSON.stringify(v)}`, node.column);
    }
    case "not":
      return !truthy(evaluate(node.operand, values));
    case "and":
      return node.operands.every((n) => truthy(evaluate(n, values)));
    case "or":
      return node.operands.some((n) => truthy(evaluate(n, values)));
    case "compare": {
      const a = evaluate(node.left, values);
      const b = evaluate(node.right, values);
      if (node.op === "==") return looseEquals(a, b);
      if (node.op === "!=") return !looseEquals(a, b);
      return order(node.op, a, b, node.column);
    }
    case "matches": {
      const v = evaluate(node.left, values);
      if (v === null || v === undefined) return false;
      if (typeof v === "object") throw new EvalError(`matches needs a text, got ${typeName(v)}`, node.column);
      return compileUserRegex(node.pattern, node.flags).test(String(v));
    }
    case "contains":
      return hasMember(evaluate(node.left, values), evaluate(node.right, values), node.column, "contains");
    case "in":
      return hasMember(evaluate(node.right, values), evaluate(node.left, values), node.column, "in");
  }
}

export function evaluateCondition(condition: Condition, values: Record<string, unknown>): ConditionResult {
  try {
    return { ok: true, value: truthy(evaluate(condition.ast, values)) };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, error: e.message };
    throw e;
  }
}

function short(v: unknown): string {
  const text = v === undefined ? "null" : JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Paths shown in a drop reason; a condition over more names only the first ones. */
const SHOWN_PATHS = 20;

/** `label="ambiguous", score=3`: the values of the condition's paths, for a drop reason. */
export function describeConditionValues(condition: Condition, values: Record<string, unknown>): string {
  const nodes = pathNodes(condition);
  const shown = condition.paths.slice(0, SHOWN_PATHS).map((p) => {
    const node = nodes.get(p);
    return `${p}=${short(node ? resolvePath(values, node.root, node.segments) : null)}`;
  });
  const more = condition.paths.length - SHOWN_PATHS;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

const pathNodeCache = new WeakMap<Condition, Map<string, PathNode>>();

/** The first node of each path (by its text), found in one walk and kept per condition. */
function pathNodes(condition: Condition): Map<string, PathNode> {
  let nodes = pathNodeCache.get(condition);
  if (!nodes) {
    nodes = new Map();
    collectPaths(condition.ast, nodes);
    pathNodeCache.set(condition, nodes);
  }
  return nodes;
}

