/**
 * How far V8 lets the old generation grow between full collections, for the product's Node processes that
 * run pipelines: the CLI (src/main/cli/entry.ts, so also `cascade serve`, browser mode's server, and `cascade
 * worker`) and the desktop app's main process (src/main/electron/main.ts). Each calls applyMemoryTuning() first.
 *
 * After a full collection V8 sets the next one's limit at live size × a growing factor it picks from how fast
 * the program allocates against how fast it marks, up to 4× on a machine with a large max heap
 * (MemoryController::MaxGrowingFactor). A long run's live heap stays ~20–30 MB, but a collection at start-up or
 * at a Parquet row group's decode could get the 4× and let the heap reach 80–120 MB before the next: the peak
 * RSS of a long run was set by whichever collection got it, not by what the run holds. `--heap-growing-percent`
 * fixes the factor at 1 + N/100 for every collection (V8 reads the flag each time it sets a limit, so setting it
 * at run time takes effect from the next collection). V8 flags are per process: worker threads (the store's
 * writer) get it too. The price is more full collections (incremental and concurrent, off the main thread for
 * the most part); README's performance table records both sides.
 */
import { setFlagsFromString } from "node:v8";

/** The old generation's growing factor, as a percentage over 1: 50 → each limit is 1.5 × the live size. */
export const HEAP_GROWING_PERCENT = 50;

/** Sets the process's V8 heap growth (above); idempotent. */
export function applyMemoryTuning(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
