/**
 * Streams the items through the pipeline with a bounded number in flight: rows are read only as fast as
 * items finish, and results go straight to the batched writer, so memory does not grow with the dataset.
 */
import { runItem } from "./itemRunner";
import type { SourceRow } from "./nodes/types";
import type { RunContext } from "./runContext";

export interface ItemFilter {
  limit?: number;
  itemIds?: string[];
}

/** Runs every selected item; returns how many were read. */
export async function runItems(rc: RunContext, rows: AsyncIterable<SourceRow>, filter: ItemFilter, maxInFlight: number): Promise<number> {
  const wanted = filter.itemIds ? new Set(filter.itemIds) : null;
  const inFlight = new Set<Promise<void>>();
  let wake: (() => void) | null = null;
  let fatal: unknown = null;
  let count = 0;

  for await (const row of rows) {
    if (rc.signal.aborted || fatal) break;
    if (wanted && !wanted.has(row.itemId)) continue;
    if (filter.limit !== undefined && count >= filter.limit) break;
    count++;
    const p: Promise<void> = runItem(rc, row)
      .catch((e) => {
        fatal ??= e;
      })
      .finally(() => {
        inFlight.delete(p);
        const w = wake;
        wake = null;
        w?.();
      });
    inFlight.add(p);
    while (inFlight.size >= maxInFlight) await new Promise<void>((r) => (wake = r));
    if (wanted && count === wanted.size) break;
  }
  await Promise.all(inFlight);
  if (fatal) throw fatal;
  return count;
}
