/**
 * The repeats of a run in the store (see shared/repeats.ts for what they are): each repeat is a run row with
 * repeat_group (the id of repeat 0) and repeat_index; when the group ends, its RepeatStats go to every run
 * of the group (repeat_stats), so any of them reports the mean ± sd.
 */
import type { Database } from "better-sqlite3";
import type { RepeatStats, RunRepeat } from "../../shared/repeats";

/** Marks a run as repeat `index` of the group `group`. */
export function setRunRepeat(db: Database, runId: string, group: string, index: number): void {
  db.prepare("UPDATE runs SET repeat_group = ?, repeat_index = ? WHERE id = ?").run(group, index, runId);
}

/** The runs of a group in repeat order. */
export function groupRunIds(db: Database, group: string): string[] {
  return db.prepare("SELECT id FROM runs WHERE repeat_group = ? ORDER BY repeat_index").pluck().all(group) as string[];
}

/** Stores the group's stats with every run of the group. */
export function storeRepeatStats(db: Database, group: string, stats: RepeatStats): void {
  db.prepare("UPDATE runs SET repeat_stats = ? WHERE repeat_group = ?").run(JSON.stringify(stats), group);
}

/** A run row's repeat columns as the summary's `repeat`, or undefined for a run without repeats. */
export function runRepeatOf(row: { repeat_group?: string | null; repeat_index?: number | null; repeat_stats?: string | null }): RunRepeat | undefined {
  if (!row.repeat_group) return undefined;
  const out: RunRepeat = { group: row.repeat_group, index: row.repeat_index ?? 0 };
  if (row.repeat_stats) out.stats = JSON.parse(row.repeat_stats) as RepeatStats;
  return out;
}
