/**
 * Why a condition was false, as data: the first failing clause of a top-level `&&` chain (or the whole condition
 * when it is not one) and the values of the paths that clause reads. Filters store it with a dropped item, and
 * the run report groups drops by clause (src/main/review/reports.ts).
 */
import type { CondNode, Condition } from "./condition";
import { evaluateCondition, resolvePath, truthy } from "./conditionEval";
import { collectPaths, type PathNode } from "./conditionPaths";

export interface FailedClause {
  /** The clause as written, e.g. `label == "sound"`. */
  clause: string;
  /** The value of each path the clause reads, by the path as written (a missing one is null). */
  values: Record<string, unknown>;
}

/** Paths kept per clause; a clause over more keeps the first ones. */
const KEPT_PATHS = 20;
/** Longer text values are cut to this many characters (a stored reason stays small). */
const KEPT_TEXT = 200;

function kept(v: unknown): unknown {
  if (typeof v === "string") return v.length > KEPT_TEXT ? `${v.slice(0, KEPT_TEXT - 1)}…` : v;
  if (v !== null && typeof v === "object") {
    const text = JSON.stringify(v);
    return text.length > KEPT_TEXT ? `${text.slice(0, KEPT_TEXT - 1)}…` : v;
  }
  return v ?? null;
}

function valuesOf(node: CondNode, values: Record<string, unknown>): Record<string, unknown> {
  const found = new Map<string, PathNode>();
  collectPaths(node, found, KEPT_PATHS);
  return Object.fromEntries([...found].map(([text, p]) => [text, kept(resolvePath(values, p.root, p.segments))]));
}

/** The value of each path the whole condition reads (as `FailedClause.values`: missing ones null, long ones cut). */
export function conditionValues(condition: Condition, values: Record<string, unknown>): Record<string, unknown> {
  return valuesOf(condition.ast, values);
}

/**
 * The clause that made `condition` false over `values`, or undefined when the condition holds (or cannot be
 * evaluated: the filter reports that error itself).
 */
export function failedClause(condition: Condition, values: Record<string, unknown>): FailedClause | undefined {
  const whole = evaluateCondition(condition, values);
  if (!whole.ok || whole.value) return undefined;
  const ast = condition.ast;
  if (ast.type === "and") {
    for (let i = 0; i < ast.operands.length; i++) {
      const part: Condition = { ...condition, ast: ast.operands[i] };
      const r = evaluateCondition(part, values);
      if (r.ok && !truthy(r.value)) {
        const [from, to] = ast.spans[i];
        return { clause: condition.source.slice(from - 1, to - 1).trim(), values: valuesOf(ast.operands[i], values) };
      }
    }
  }
  return { clause: condition.source.trim(), values: valuesOf(ast, values) };
}

/** `label="flawed", score=3`: a clause's values as one line (long values cut). */
export function formatClauseValues(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([path, v]) => {
      const text = JSON.stringify(v ?? null) ?? String(v);
      return `${path}=${text.length > 60 ? `${text.slice(0, 59)}…` : text}`;
    })
    .join(", ");
}
