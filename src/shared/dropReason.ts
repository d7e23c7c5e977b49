/**
 * Why an item was dropped, as data: a code and the values that decided it. Executors return one, the store
 * keeps it as JSON (`results.drop_reason`, migration 8), the run report groups drops by it; text is made from
 * it only where a person reads it (`dropReasonText`, `dropGroupText`). A row written before reasons were kept
 * as data has only its text (`results.error`), which is shown as it is.
 */
import { formatClauseValues } from "./ddf/conditionClause";

export type DropReason =
  /**
   * A filter's condition was false: the first failing clause of its `&&` chain and the values that clause read
   * (`read`, what the run report shows), and the values of every path the condition reads (`conditionRead`,
   * what the item's reason shows; absent in rows of schema 7).
   */
  | { code: "condition-false"; values: { condition: string; clause: string; read: Record<string, unknown>; conditionRead?: Record<string, unknown> } }
  /** A reviewer rejected the item (or, over samples, sample `sample`, 1-based). */
  | { code: "rejected-by-reviewer"; values: { note?: string; sample?: number } }
  /** A reason an executor gives only as a sentence (e.g. a plugin's kind). */
  | { code: "message"; values: { message: string } };

export type DropCode = DropReason["code"];

/** What is the same for every item dropped for this reason (the run report's group line). */
export function dropGroupText(reason: DropReason): string {
  switch (reason.code) {
    case "condition-false":
      return reason.values.clause;
    case "rejected-by-reviewer":
      return `rejected by reviewer${reason.values.note ? `: ${reason.values.note}` : ""}`;
    case "message":
      return reason.values.message;
  }
}

/** The reason for one item, as the inspector, events and the CLI show it. */
export function dropReasonText(nodeId: string, reason: DropReason): string {
  switch (reason.code) {
    case "condition-false": {
      const { condition, read, conditionRead } = reason.values;
      return `filter ${nodeId}: ${condition} was false (${formatClauseValues(conditionRead ?? read)})`;
    }
    case "rejected-by-reviewer":
      return dropGroupText(reason) + (reason.values.sample === undefined ? "" : ` (sample ${reason.values.sample})`);
    case "message":
      return reason.values.message;
  }
}

/**
 * A stored drop reason (JSON) read back: a DropReason, or a filter's `{clause, values}` of schema 7 (the
 * condition was not kept: `condition` is the clause); undefined for NULL or anything else.
 */
export function parseStoredDropReason(json: string | null): DropReason | undefined {
  if (!json) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== "object") return undefined;
  const o = v as Record<string, unknown>;
  const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);
  if (o.code === "condition-false" && isRecord(o.values) && typeof o.values.clause === "string" && typeof o.values.condition === "string" && isRecord(o.values.read)) {
    return o as DropReason;
  }
  if (o.code === "rejected-by-reviewer" && isRecord(o.values)) return o as DropReason;
  if (o.code === "message" && isRecord(o.values) && typeof o.values.message === "string") return o as DropReason;
  if (o.code === undefined && typeof o.clause === "string" && isRecord(o.values)) {
    return { code: "condition-false", values: { condition: o.clause, clause: o.clause, read: o.values } };
  }
  return undefined;
}
