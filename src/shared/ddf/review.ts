/**
 * Applying a human review decision to an item. A decision is kept per (review node content, item) together with
 * the hash of the inputs it was made on: when the inputs change (e.g. a new reply upstream), the decision no
 * longer applies and the item waits for review again.
 */
import type { ReviewConfig, ReviewDecisionKind } from "../nodes/kinds/review";
import type { Value } from "../values";

export interface ReviewDecision {
  decision: ReviewDecisionKind;
  /** edit: new values of editable inputs, by name. */
  edited?: Record<string, Value>;
  note?: string;
  /** Hash of the inputs the reviewer saw. */
  inputsHash: string;
  decidedAt: number;
}

export type ReviewOutcome =
  | { status: "accepted"; output: Record<string, Value> }
  /** The reviewer's note, if any (the drop reason "rejected by reviewer", shared/dropReason.ts). */
  | { status: "rejected"; rejection: { note?: string } }
  | { status: "pending"; reason: string };

/** The values a reviewer sees: the declared inputs, in their order. */
export function reviewInputs(config: ReviewConfig, inputs: Record<string, Value | undefined>): Record<string, Value> {
  return Object.fromEntries(config.inputs.map((name) => [name, inputs[name] ?? null]));
}

export function applyReview(
  nodeId: string,
  config: ReviewConfig,
  inputs: Record<string, Value>,
  inputsHash: string,
  decision: ReviewDecision | undefined,
): ReviewOutcome {
  if (!decision) return { status: "pending", reason: `review ${nodeId}: waiting for a reviewer's decision` };
  if (decision.inputsHash !== inputsHash) {
    return { status: "pending", reason: `review ${nodeId}: the inputs changed since the last decision (${decision.decision}); waiting for a new one` };
  }
  if (decision.decision === "reject") {
    return { status: "rejected", rejection: decision.note ? { note: decision.note } : {} };
  }
  const output = { ...inputs };
  if (decision.decision === "edit") {
    for (const [name, value] of Object.entries(decision.edited ?? {})) {
      if (!config.editable.includes(name)) {
        return { status: "pending", reason: `review ${nodeId}: the decision edits "${name}", which is not editable (editable: ${config.editable.join(", ") || "none"}); decide again` };
      }
      output[name] = value;
    }
  }
  return { status: "accepted", output };
}
