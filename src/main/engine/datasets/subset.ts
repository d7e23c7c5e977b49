/**
 * A dataset's subset: rows whose fields equal given values, and a seeded random sample of n items. The sample
 * is the n items with the smallest sha256(seed:itemId): the same items whatever the file's order, the same
 * item keeps its id (and so its cache keys), and choosing needs one pass that keeps n ids in memory.
 */
import type { DatasetConfig } from "../../../shared/nodes/kinds/dataset";
import { sha256Hex } from "../../store/hash";

type Where = NonNullable<NonNullable<DatasetConfig["subset"]>["where"]>;

function equal(raw: unknown, want: string | number | boolean | null): boolean {
  if (raw === want) return true;
  if (raw === undefined || raw === null || want === null) return (raw ?? null) === want;
  // CSV fields are text: "3" equals 3 and "true" equals true.
  return typeof raw === "string" && raw.trim() === String(want);
}

export function matchesWhere(record: Record<string, unknown>, where: Where | undefined): boolean {
  if (!where) return true;
  for (const [field, want] of Object.entries(where)) if (!equal(record[field], want)) return false;
  return true;
}

const rank = (seed: number, itemId: string) => sha256Hex(`${seed}:${itemId}`);

/** The ids of the sample: the n items of smallest rank among `ids`. */
export async function sampleIds(ids: AsyncIterable<string>, n: number, seed: number): Promise<Set<string>> {
  let kept: { id: string; r: string }[] = [];
  for await (const id of ids) {
    kept.push({ id, r: rank(seed, id) });
    if (kept.length >= 2 * n + 1024) kept = smallest(kept, n);
  }
  return new Set(smallest(kept, n).map((k) => k.id));
}

function smallest(xs: { id: string; r: string }[], n: number) {
  return xs.sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0)).slice(0, n);
}
