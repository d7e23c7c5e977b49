/** Human review decisions, per (review node content, item); the table comes from migration 2 (./migrations.ts). */
import type { Database } from "better-sqlite3";
import type { ReviewDecision } from "../../shared/ddf/review";
import type { ReviewConfig } from "../../shared/nodes/kinds/review";
import type { Value } from "../../shared/values";
import { contentHash } from "./hash";

/** Identifies a review node by what it asks (kind and config), not by its id: a copied node keeps its decisions. */
export function reviewNodeKey(config: ReviewConfig): string {
  return contentHash({ kind: "review", config });
}

/** Hash of the values the reviewer saw. */
export function reviewInputsHash(inputs: Record<string, Value>): string {
  return contentHash(inputs);
}

/**
 * Where the decision on one sample of an item is kept (a review node mapped over samples): keyed by the hash
 * of that sample's inputs, so a re-run with the same samples finds it and a changed sample waits again.
 */
export function sampleDecisionId(itemId: string, inputsHash: string): string {
  return `${itemId}#sample:${inputsHash}`;
}

/** The decision that applies to inputs with this hash: one made on exactly this sample, else the item's. */
export function findDecision(reviews: Pick<ReviewsRepo, "get">, nodeKey: string, itemId: string, inputsHash: string): ReviewDecision | undefined {
  return reviews.get(nodeKey, sampleDecisionId(itemId, inputsHash)) ?? reviews.get(nodeKey, itemId);
}

interface DecisionRow {
  decision: ReviewDecision["decision"];
  edited_json: string | null;
  note: string | null;
  inputs_hash: string;
  decided_at: number;
}

export class ReviewsRepo {
  constructor(private readonly db: Database) {}

  get(nodeKey: string, itemId: string): ReviewDecision | undefined {
    const row = this.db
      .prepare("SELECT decision, edited_json, note, inputs_hash, decided_at FROM review_decisions WHERE node_key = ? AND item_id = ?")
      .get(nodeKey, itemId) as DecisionRow | undefined;
    if (!row) return undefined;
    return {
      decision: row.decision,
      ...(row.edited_json ? { edited: JSON.parse(row.edited_json) as Record<string, Value> } : {}),
      ...(row.note ? { note: row.note } : {}),
      inputsHash: row.inputs_hash,
      decidedAt: row.decided_at,
    };
  }

  put(nodeKey: string, itemId: string, d: ReviewDecision): void {
    if (d.decision === "edit" && !d.edited) throw new Error(`review decision for item "${itemId}": an edit needs the edited values`);
    this.db
      .prepare(
        `INSERT INTO review_decisions (node_key, item_id, decision, edited_json, note, inputs_hash, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(node_key, item_id) DO UPDATE SET decision = excluded.decision, edited_json = excluded.edited_json,
           note = excluded.note, inputs_hash = excluded.inputs_hash, decided_at = excluded.decided_at`,
      )
      .run(nodeKey, itemId, d.decision, d.edited ? JSON.stringify(d.edited) : null, d.note ?? null, d.inputsHash, d.decidedAt);
  }

  delete(nodeKey: string, itemId: string): void {
    this.db.prepare("DELETE FROM review_decisions WHERE node_key = ? AND item_id = ?").run(nodeKey, itemId);
  }

  /** Decisions of one review node, by item. */
  forNode(nodeKey: string): Map<string, ReviewDecision> {
    const rows = this.db.prepare("SELECT item_id FROM review_decisions WHERE node_key = ? ORDER BY item_id").all(nodeKey) as { item_id: string }[];
    return new Map(rows.map((r) => [r.item_id, this.get(nodeKey, r.item_id)!]));
  }
}
