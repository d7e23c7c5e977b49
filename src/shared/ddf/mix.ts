/**
 * Mixes branches of training samples (e.g. chain-of-thought answers and self-evaluations) into one list:
 * 1. each value becomes a TrainingSample (a list of samples gives one per element); bad values are reported;
 * 2. duplicates are removed across all branches by a normalised text hash (first by branch, then item order);
 * 3. each branch's share of the total follows its weight (largest remainder), capped by what it has;
 *    total "all" is the largest total that keeps the ratio;
 * 4. each branch is shuffled with a PRNG seeded from (seed, branch) and its share taken; the result is shuffled.
 * The same input (in the same item order) and seed always give the same output.
 */
import { isSamples } from "../values";
import { createRng, seededShuffle, type Rng } from "../random";
import { hashString, normalisedTextHash } from "./textHash";
import { fullText, toTrainingSample, userSideText, type TrainingSample } from "./samples";
import { resolvePath } from "./conditionEval";

/** A generator for one purpose (one branch, or the final order) derived from the user's seed. */
function derivedRng(seed: number, purpose: string): Rng {
  return createRng(hashString(`${purpose}\u0000${seed}`));
}

export const DEDUPE_MODES = ["none", "prompt", "full", "field"] as const;
export type DedupeMode = (typeof DEDUPE_MODES)[number];

export interface MixEntry {
  itemId: string;
  /** Position of the item in the dataset; entries are ordered by it. */
  index: number;
  value: unknown;
}

export interface MixBranch {
  name: string;
  weight: number;
  entries: MixEntry[];
}

export interface MixOptions {
  total: number | "all";
  dedupe: DedupeMode;
  /** dedupe "field": a dotted path into the original value, e.g. "meta.question". */
  dedupeField?: string;
  seed: number;
}

export interface BranchCounts {
  available: number;
  duplicates: number;
  rejected: number;
  wanted: number;
  taken: number;
}

export interface MixResult {
  samples: TrainingSample[];
  counts: Record<string, BranchCounts>;
  rejected: { branch: string; itemId: string; error: string }[];
  warnings: string[];
}

interface Candidate {
  sample: TrainingSample;
  value: unknown;
}

function expand(branch: MixBranch, rejected: MixResult["rejected"]): Candidate[] {
  const out: Candidate[] = [];
  const entries = [...branch.entries].sort((a, b) => a.index - b.index);
  for (const entry of entries) {
    const values = isSamples(entry.value) ? entry.value.values : [entry.value];
    values.forEach((value, k) => {
      const id = `${entry.itemId}:${branch.name}${values.length > 1 ? `#${k + 1}` : ""}`;
      const r = toTrainingSample(value, { id, branch: branch.name });
      if (r.ok) out.push({ sample: r.sample, value });
      else rejected.push({ branch: branch.name, itemId: entry.itemId, error: r.error });
    });
  }
  return out;
}

function dedupeKey(c: Candidate, options: MixOptions): string | undefined {
  if (options.dedupe === "prompt") return normalisedTextHash(userSideText(c.sample));
  if (options.dedupe === "full") return normalisedTextHash(fullText(c.sample));
  if (options.dedupe === "field" && options.dedupeField) {
    const [root, ...rest] = options.dedupeField.split(".");
    const v = resolvePath({ value: c.value }, "value", [root, ...rest]);
    return v === null ? undefined : normalisedTextHash(typeof v === "string" ? v : JSON.stringify(v));
  }
  return undefined;
}

/** Largest-remainder split of `total` by weights. */
export function splitByWeight(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    if (weights[i] > 0) {
      counts[i]++;
      left--;
    }
  }
  return counts;
}

/** The largest total whose weighted split fits in what each branch has. */
export function largestTotal(available: readonly number[], weights: readonly number[]): number {
  const sum = weights.reduce((a, b) => a + b, 0);
  let best = Infinity;
  for (let i = 0; i < weights.length; i++) if (weights[i] > 0) best = Math.min(best, Math.floor((available[i] * sum) / weights[i] + 1e-9));
  if (!Number.isFinite(best)) return 0;
  while (best > 0 && splitByWeight(best, weights).some((c, i) => c > available[i])) best--;
  return best;
}

export function mixBranches(branches: readonly MixBranch[], options: MixOptions): MixResult {
  const rejected: MixResult["rejected"] = [];
  const warnings: string[] = [];
  const counts: Record<string, BranchCounts> = {};
  const seen = new Set<string>();
  const pools = branches.map((branch) => {
    const candidates = expand(branch, rejected);
    const unique = candidates.filter((c) => {
      const key = dedupeKey(c, options);
      if (key === undefined) return true;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    counts[branch.name] = {
      available: unique.length,
      duplicates: candidates.length - unique.length,
      rejected: rejected.filter((r) => r.branch === branch.name).length,
      wanted: 0,
      taken: 0,
    };
    return unique;
  });

  const weights = branches.map((b) => Math.max(0, b.weight));
  if (weights.every((w) => w === 0)) {
    warnings.push("every branch has weight 0: nothing to mix");
    return { samples: [], counts, rejected, warnings };
  }
  const available = pools.map((p) => p.length);
  const total = options.total === "all" ? largestTotal(available, weights) : options.total;
  const wanted = splitByWeight(total, weights);

  const picked: TrainingSample[] = [];
  branches.forEach((branch, i) => {
    const take = Math.min(wanted[i], available[i]);
    counts[branch.name].wanted = wanted[i];
    counts[branch.name].taken = take;
    if (take < wanted[i]) warnings.push(`${branch.name}: the ratio asks for ${wanted[i]} samples, only ${available[i]} available`);
    const shuffled = seededShuffle(pools[i], derivedRng(options.seed, `branch:${branch.name}`));
    picked.push(...shuffled.slice(0, take).map((c) => c.sample));
  });
  if (options.total === "all" && weights.some((w, i) => w > 0 && available[i] === 0)) {
    warnings.push(`total "all" keeps the ratio, and ${branches.filter((b, i) => weights[i] > 0 && available[i] === 0).map((b) => b.name).join(", ")} has no samples`);
  }
  return { samples: seededShuffle(picked, derivedRng(options.seed, "mix")), counts, rejected, warnings };
}
