/**
 * Items on which two runs disagree: a different extracted answer or a different score (including one run
 * having no usable score). Only items present in both runs are listed; see pairScores for the others.
 */
import { indexOutcomes, outcomeScore, type ItemOutcome } from "./pairing";
import type { Disagreement, RunForCompare } from "./types";

type Side = RunForCompare | readonly ItemOutcome[];

function outcomesOf(side: Side): readonly ItemOutcome[] {
  return Array.isArray(side) ? side : (side as RunForCompare).items;
}

/** Disagreeing items in the order of run A. Answers are compared only when at least one run gave one. */
export function disagreements(a: Side, b: Side): Disagreement[] {
  const itemsA = outcomesOf(a);
  const itemsB = indexOutcomes(outcomesOf(b), Array.isArray(b) ? "B" : (b as RunForCompare).label);
  indexOutcomes(itemsA, Array.isArray(a) ? "A" : (a as RunForCompare).label); // reject repeated ids
  const out: Disagreement[] = [];
  for (const oa of itemsA) {
    const ob = itemsB.get(oa.itemId);
    if (!ob) continue;
    const sa = outcomeScore(oa);
    const sb = outcomeScore(ob);
    const scoreA = typeof sa === "number" ? sa : null;
    const scoreB = typeof sb === "number" ? sb : null;
    const answerA = oa.answer ?? null;
    const answerB = ob.answer ?? null;
    const answersDiffer = answerA !== answerB;
    const scoresDiffer = scoreA !== scoreB;
    if (answersDiffer || scoresDiffer) out.push({ itemId: oa.itemId, answerA, answerB, scoreA, scoreB, answersDiffer, scoresDiffer });
  }
  return out;
}
