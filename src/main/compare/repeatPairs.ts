/**
 * Repeats compared repeat by repeat: when both compared runs belong to groups of k > 1 repeats (settings.repeats),
 * repeat r of the baseline's group is paired with repeat r of the other's, each pair compared as any two runs,
 * and the difference reported per repeat and as mean ± sd over the repeats (the sampling variance of the
 * cascades). Groups of different sizes are paired up to the smaller one.
 */
import { compareRuns, type CompareOptions, type CompareResult } from "../../shared/compare";
import { meanSd } from "../../shared/repeats";
import type { Store } from "../store/store";
import { loadRunForCompare } from "./loadRunForCompare";

export interface RepeatPair {
  index: number;
  baselineId: string;
  otherId: string;
  difference: number | null;
  p: number;
  verdict: string;
}

export interface RepeatComparison {
  repeats: number;
  pairs: RepeatPair[];
  /** Mean and sample sd of the per-repeat differences (B − A). */
  mean: number | null;
  sd: number | null;
}

/** The repeat-by-repeat comparison of a two-run result whose runs are both repeats of groups, else null. */
export function compareRepeats(store: Store, result: CompareResult, scoreNode: string | undefined, opts: CompareOptions): RepeatComparison | null {
  if (result.runs.length !== 2) return null;
  const groups = result.runs.map((r) => store.runs.get(r.id).repeat?.group);
  if (!groups[0] || !groups[1] || groups[0] === groups[1]) return null;
  const ids = groups.map((g) => store.runMeta.groupRunIds(g!));
  const k = Math.min(ids[0].length, ids[1].length);
  if (k < 2) return null;
  const pairs: RepeatPair[] = [];
  for (let r = 0; r < k; r++) {
    const runs = [ids[0][r], ids[1][r]].map((id) => loadRunForCompare(store, id, scoreNode, opts.by ?? []));
    const c = compareRuns(runs, { ...opts, baseline: ids[0][r] }).pairs[0];
    pairs.push({ index: r, baselineId: ids[0][r], otherId: ids[1][r], difference: c.difference, p: c.mcnemar.p, verdict: c.verdict.text });
  }
  const diffs = pairs.map((p) => p.difference).filter((d): d is number => d !== null);
  const { mean, sd } = diffs.length ? meanSd(diffs) : { mean: null, sd: null };
  return { repeats: k, pairs, mean, sd };
}

const pts = (v: number | null) => (v === null ? "—" : `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pts`);

/** The report's lines for it. */
export function repeatLines(rc: RepeatComparison, keys: [string, string]): string[] {
  const [A, B] = keys;
  const out = ["", `Repeat by repeat (${rc.repeats} repeats: repeat r of ${A} paired with repeat r of ${B})`];
  for (const p of rc.pairs) out.push(`  repeat ${p.index + 1}: difference ${B} − ${A} ${pts(p.difference)}, exact McNemar p = ${Number(p.p.toPrecision(2))}; ${p.verdict}`);
  out.push(`  difference over the repeats: mean ${pts(rc.mean)} ± sd ${rc.sd === null ? "—" : `${(rc.sd * 100).toFixed(1)} pts`} (k = ${rc.pairs.length})`);
  return out;
}
