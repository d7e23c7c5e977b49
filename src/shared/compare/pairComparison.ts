/**
 * One baseline-vs-other comparison over paired items: accuracies, difference, exact McNemar (sign test for
 * fractional scores), paired bootstrap interval, discordance counts, odds ratio, power note and a verdict in
 * words (verdict.ts); plus the Holm adjustment across several such comparisons.
 */
import { pairedBootstrap, pairedBootstrapAuto, type BootstrapOptions } from "./bootstrap";
import { mcnemarExact } from "./mcnemar";
import { isBinary, unscoredCounts, unscoredText } from "./nodeMetrics";
import { discordantOddsRatio } from "./oddsRatio";
import { pairScores, type PairingOptions } from "./pairing";
import { powerNote } from "./power";
import type { PairComparison, PairCounts, RunForCompare } from "./types";
import { runName, verdictOf } from "./verdict";

export { formatP } from "./verdict";

export interface PairOptions extends PairingOptions, Omit<BootstrapOptions, "resamples"> {
  resamples?: number | "auto";
  alpha?: number;
  keys?: [string, string];
}

/** Why no verdict may be given: a run without a single scored item. */
function refusalOf(a: RunForCompare, b: RunForCompare, keys: [string, string]): string | null {
  const why: string[] = [];
  for (const [run, key] of [[a, keys[0]], [b, keys[1]]] as const) {
    const u = unscoredCounts(run.items);
    if (run.items.length === 0) why.push(`${runName(key, run.label)} has no item at the score node`);
    else if (u.total === run.items.length) why.push(`${runName(key, run.label)} scored none of its ${run.items.length} items (${unscoredText(u)})`);
  }
  return why.length ? why.join("; ") : null;
}

/** Compares run B against baseline A; pAdjusted equals the raw p and the verdict uses it (see holmAdjust). */
export function comparePair(a: RunForCompare, b: RunForCompare, opts: PairOptions = {}): PairComparison {
  const keys = opts.keys ?? ["A", "B"];
  const paired = pairScores(a.items, b.items, opts, [`${a.label} (${a.id})`, `${b.label} (${b.id})`]);
  const n = paired.itemIds.length;
  const binary = isBinary(paired.a) && isBinary(paired.b);
  let sumA = 0, sumB = 0, aBetter = 0, bBetter = 0, bothRight = 0, bothWrong = 0, answersDiffer = 0;
  let anyAnswer = false;
  for (let i = 0; i < n; i++) {
    const x = paired.a[i];
    const y = paired.b[i];
    sumA += x;
    sumB += y;
    if (x > y) aBetter++;
    else if (y > x) bBetter++;
    else if (x === 1) bothRight++;
    else if (x === 0) bothWrong++;
    const ansA = paired.answersA[i];
    const ansB = paired.answersB[i];
    if (ansA !== null || ansB !== null) anyAnswer = true;
    if (ansA !== ansB) answersDiffer++;
  }
  const counts: PairCounts = {
    aBetter,
    bBetter,
    ties: n - aBetter - bBetter,
    bothRight: binary ? bothRight : null,
    bothWrong: binary ? bothWrong : null,
    answersDiffer: anyAnswer ? answersDiffer : null,
  };
  const level = opts.level ?? 0.95;
  const alpha = opts.alpha ?? 1 - level;
  const mcnemar = mcnemarExact(aBetter, bBetter);
  const accuracyA = n > 0 ? sumA / n : null;
  const accuracyB = n > 0 ? sumB / n : null;
  const boot = { level, seed: opts.seed, maxDistinctForMultinomial: opts.maxDistinctForMultinomial };
  const result: PairComparison = {
    baselineId: a.id,
    otherId: b.id,
    baselineLabel: a.label,
    otherLabel: b.label,
    baselineKey: keys[0],
    otherKey: keys[1],
    n,
    accuracyA,
    accuracyB,
    difference: n > 0 ? (sumB - sumA) / n : null,
    binary,
    test: binary ? "mcnemar-exact" : "sign-test-exact",
    mcnemar,
    pAdjusted: mcnemar.p,
    bootstrap:
      opts.resamples === undefined || opts.resamples === "auto" ? pairedBootstrapAuto(paired.a, paired.b, boot) : pairedBootstrap(paired.a, paired.b, { ...boot, resamples: opts.resamples }),
    counts,
    oddsRatio: discordantOddsRatio(aBetter, bBetter, level),
    power: powerNote(n, aBetter + bBetter, alpha),
    onlyInA: paired.onlyInA,
    onlyInB: paired.onlyInB,
    excluded: paired.excluded,
    zeroedA: paired.zeroedA,
    zeroedB: paired.zeroedB,
    refusal: refusalOf(a, b, keys),
    verdict: { significant: false, better: null, refused: false, text: "", explanation: "", bootstrapAgrees: null },
  };
  result.verdict = verdictOf(result, alpha, 1, result.refusal);
  return result;
}

/** Holm step-down adjusted p-values, in the order given (controls the family-wise error rate). */
export function holmAdjust(ps: readonly number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
