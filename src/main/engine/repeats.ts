/**
 * Repeats of a run (shared/repeats.ts says what they are and what is reported): repeat r runs the same plan as
 * repeat 0 with r in every cache key and seed (ModelCaller's `repeat`), one repeat after the other so that they
 * share the model limits as a single run does. A cancelled or failed repeat ends the group: the repeats so far
 * keep their results and the group's stats cover them.
 */
import type { RunSummary } from "../../shared/contract";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { MAX_REPEATS, repeatMetrics, type RepeatStats } from "../../shared/repeats";
import type { Store } from "../store/store";
import type { RunHandle } from "./types";

/** The number of repeats asked for: the option, else the pipeline's setting, else 1. */
export function repeatCount(option: number | undefined, doc: PipelineDoc): number {
  const k = option ?? doc.settings?.repeats ?? 1;
  if (!Number.isInteger(k) || k < 1 || k > MAX_REPEATS) throw new Error(`repeats must be a whole number from 1 to ${MAX_REPEATS}, got ${k}`);
  return k;
}

/** "baseline · repeat 2/3" (the label every listing shows, so repeats are told apart without opening them). */
export function repeatLabel(label: string | undefined, index: number, count: number): string {
  const tag = `repeat ${index + 1}/${count}`;
  return label ? `${label} · ${tag}` : tag;
}

/**
 * Waits for repeat 0, starts the others one by one, then stores the group's stats with every run of it.
 * Settles with repeat 0's summary (its `repeat.stats` holds the group's).
 */
export async function runRepeats(store: Store, first: RunHandle, count: number, launch: (index: number) => RunHandle): Promise<RunSummary> {
  const summaries: RunSummary[] = [];
  try {
    summaries.push(await first.done);
    for (let index = 1; index < count; index++) {
      const previous = summaries[summaries.length - 1];
      if (previous.status === "cancelled" || previous.status === "failed") break;
      summaries.push(await launch(index).done);
    }
  } finally {
    // Only repeats that ran to the end: a cancelled repeat's accuracy covers the items it reached.
    const finished = summaries.filter((s) => s.status === "done");
    const stats: RepeatStats = { count, runIds: summaries.map((s) => s.id), metrics: repeatMetrics(finished) };
    if (summaries.length) store.runMeta.setRepeatStats(first.runId, stats);
  }
  return store.runs.summary(first.runId);
}
