/**
 * Pairs the per-item scores of two runs by item id. Items present in only one run are reported, never dropped
 * silently; items never scored (failed, skipped, dropped, or no numeric score) are left out of the pair by
 * default and counted apart, or count as wrong (0) on request. Pending items (waiting for a review decision)
 * are never scored either and are always left out and reported.
 */
import { isSamples, type Value } from "../values";

/** Item statuses as the store reports them (ResultRow["status"]). */
export type OutcomeStatus = "done" | "cached" | "failed" | "skipped" | "dropped" | "pending";

/** One item's result at the chosen score node of a run. */
export interface ItemOutcome {
  itemId: string;
  status: OutcomeStatus;
  /**
   * The score: a number, a boolean (true = 1), a list or `samples` of those (their mean is used), or the score
   * node's output record (its `score` field, else `correct`). Absent or non-numeric means "no score".
   */
  score?: Value;
  /** The extracted answer, for listing disagreements. */
  answer?: string | null;
  /** The item's values of the dataset columns accuracy is broken down by (CompareOptions.by), as text. */
  categories?: Record<string, string | null>;
}

export const UNSCORED_POLICIES = ["exclude", "wrong"] as const;
export type UnscoredPolicy = (typeof UNSCORED_POLICIES)[number];

export interface PairingOptions {
  /** What an item never scored becomes: "exclude" (default: left out, counted apart) or "wrong" (counts as 0). */
  unscored?: UnscoredPolicy;
}

export type ExclusionReason = "pending" | "unscored";

export interface ExcludedItem {
  itemId: string;
  /** Which run's outcome caused the exclusion. */
  side: "a" | "b" | "both";
  reason: ExclusionReason;
}

export interface PairedScores {
  /** Item ids present and kept in both runs, in the order of run A. */
  itemIds: string[];
  a: number[];
  b: number[];
  answersA: (string | null)[];
  answersB: (string | null)[];
  /** Items only run A has / only run B has. */
  onlyInA: string[];
  onlyInB: string[];
  /** Items in both runs left out of the pair (pending, or never scored with unscored = "exclude"). */
  excluded: ExcludedItem[];
  /** Paired items never scored and counted as 0 (unscored = "wrong"), per side. */
  zeroedA: number;
  zeroedB: number;
}

/** Mean score of a value, or null when it holds no number. See ItemOutcome.score. */
export function scoreFromValue(v: Value | undefined): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") return null;
  const list = Array.isArray(v) ? v : isSamples(v) ? v.values : null;
  if (list) {
    let sum = 0;
    let n = 0;
    for (const x of list) {
      const s = scoreFromValue(x);
      if (s !== null) {
        sum += s;
        n++;
      }
    }
    return n > 0 ? sum / n : null;
  }
  if (typeof v === "object" && !("kind" in v && (v.kind === "image" || v.kind === "conversation"))) {
    const rec = v as { [key: string]: Value };
    if ("score" in rec) return scoreFromValue(rec.score);
    if ("correct" in rec) return scoreFromValue(rec.correct);
  }
  return null;
}

/** The score an outcome contributes: a number, "pending", or "unscored". */
export function outcomeScore(o: ItemOutcome): number | ExclusionReason {
  if (o.status === "pending") return "pending";
  if (o.status !== "done" && o.status !== "cached") return "unscored";
  const s = scoreFromValue(o.score);
  return s === null ? "unscored" : s;
}

/** Index of outcomes by item id; a repeated id is an error naming the run. */
export function indexOutcomes(outcomes: readonly ItemOutcome[], runName: string): Map<string, ItemOutcome> {
  const map = new Map<string, ItemOutcome>();
  for (const o of outcomes) {
    if (map.has(o.itemId)) throw new Error(`run ${runName}: item id "${o.itemId}" occurs more than once at the score node`);
    map.set(o.itemId, o);
  }
  return map;
}

/** Pairs two runs' outcomes by item id. */
export function pairScores(a: readonly ItemOutcome[], b: readonly ItemOutcome[], opts: PairingOptions = {}, names: [string, string] = ["A", "B"]): PairedScores {
  const unscored = opts.unscored ?? "exclude";
  const byIdB = indexOutcomes(b, names[1]);
  const seenA = indexOutcomes(a, names[0]);
  const out: PairedScores = { itemIds: [], a: [], b: [], answersA: [], answersB: [], onlyInA: [], onlyInB: [], excluded: [], zeroedA: 0, zeroedB: 0 };
  for (const oa of a) {
    const ob = byIdB.get(oa.itemId);
    if (!ob) {
      out.onlyInA.push(oa.itemId);
      continue;
    }
    const sa = outcomeScore(oa);
    const sb = outcomeScore(ob);
    const dropA = sa === "pending" || (sa === "unscored" && unscored === "exclude");
    const dropB = sb === "pending" || (sb === "unscored" && unscored === "exclude");
    if (dropA || dropB) {
      const reason: ExclusionReason = sa === "pending" || sb === "pending" ? "pending" : "unscored";
      out.excluded.push({ itemId: oa.itemId, side: dropA && dropB ? "both" : dropA ? "a" : "b", reason });
      continue;
    }
    out.itemIds.push(oa.itemId);
    out.a.push(typeof sa === "number" ? sa : (out.zeroedA++, 0));
    out.b.push(typeof sb === "number" ? sb : (out.zeroedB++, 0));
    out.answersA.push(oa.answer ?? null);
    out.answersB.push(ob.answer ?? null);
  }
  for (const ob of b) if (!seenA.has(ob.itemId)) out.onlyInB.push(ob.itemId);
  return out;
}
