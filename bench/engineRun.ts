/** One engine run of the bench cascade against a server, timed. */
import { dirname } from "node:path";
import { startRun } from "../src/main/engine/startRun";
import type { Provider } from "../src/main/providers/types";
import type { ModelConfig } from "../src/shared/pipeline/schema";
import type { Store } from "../src/main/store/store";
import { benchDoc } from "./cascade";

export interface EngineTiming {
  ms: number;
  calls: number;
  cacheHits: number;
  errors: number;
  items: number;
}

export async function engineRun(
  store: Store,
  url: string,
  dataFile: string,
  concurrency: number,
  providerFactory?: (name: string, config: ModelConfig) => Provider,
): Promise<EngineTiming> {
  const started = performance.now();
  const { done } = startRun({ doc: benchDoc(url, dataFile, concurrency), baseDir: dirname(dataFile), store, concurrency, providerFactory });
  const s = await done;
  if (s.status !== "done") throw new Error(`bench run ${s.status}`);
  return { ms: performance.now() - started, calls: s.totals.calls, cacheHits: s.totals.cacheHits, errors: s.totals.errors, items: s.totals.items };
}
