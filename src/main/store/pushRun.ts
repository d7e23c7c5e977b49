/**
 * Copies one finished run from one store into another through the store contract only (contract/runStore.ts):
 * `cascade push` reads the local SQLite store (SqliteRunStore) and writes a lab's PostgreSQL store
 * (PostgresRunStore). What goes: the run (id, label, document, pipeline id, dataset fingerprint, start and end,
 * status, totals, metrics, node counts), every node's results with their traces, and the cache rows their cache
 * keys name (the rows' keys and their calls' keys, where the source has the row: a row the target has is not
 * written again).
 *
 * Streamed: a node's results are read and written a page at a time (`pageSize` records, keyset pages of
 * results.records), with the cache rows that page names; nothing holds the whole run.
 *
 * Not one transaction — the run is written as running first and finished last: the target's `finish` comes
 * after its last result, so a push that stops halfway (the server went away) leaves the run running there —
 * listed as interrupted once its heartbeat is stale — never finished with results missing. Pushing it again
 * completes it: a run in the target that is running or interrupted, with the same start and pipeline hash, is
 * written again from its first result (a result written again replaces the row) and then finished.
 */
import type { RunStore } from "./contract/runStore";
import type { CacheRecord, ResultRecord } from "./types";

export const PUSH_PAGE_SIZE = 1000;

export type PushOutcome =
  /** Written into the target. */
  | "pushed"
  /** It was there unfinished (a push that had stopped): written again and finished. */
  | "completed"
  /** It was there finished already: nothing written. */
  | "skipped";

export interface PushResult {
  id: string;
  outcome: PushOutcome;
  results: number;
  cacheRows: number;
}

export interface PushOptions {
  pageSize?: number;
  /**
   * Whether the run keeps the saved pipeline it was run from (default true). False where that id means nothing
   * (a pull into another machine's database, whose saved pipelines are its own).
   */
  keepPipelineId?: boolean;
  /** After each page is in the target (tests stop the server there). */
  onPage?: (done: { results: number; cacheRows: number }) => void | Promise<void>;
}

/** A run not pushed, before anything of it was written (not finished here, or another run under its id there). */
export class PushRefused extends Error {}

const unfinished = (status: string) => status === "running" || status === "interrupted";

/** The cache keys a page of results names: each row's key and its trace's calls' keys. */
function cacheKeysOf(page: readonly ResultRecord[]): Set<string> {
  const keys = new Set<string>();
  for (const r of page) {
    if (r.cacheKey) keys.add(r.cacheKey);
    for (const call of r.trace?.calls ?? []) if (call.cacheKey) keys.add(call.cacheKey);
  }
  return keys;
}

/** The source's cache rows for `keys` that the target lacks, written to it; how many. */
async function copyCacheRows(from: RunStore, to: RunStore, keys: Set<string>): Promise<number> {
  if (keys.size === 0) return 0;
  const there = await to.cache.getMany(keys);
  const missing = [...keys].filter((k) => !there.has(k));
  if (missing.length === 0) return 0;
  const rows: CacheRecord[] = [...(await from.cache.getMany(missing)).values()];
  await Promise.all(rows.map((row) => to.cache.put(row))); // as many at once as the target's connections take
  return rows.length;
}

/**
 * Throws, writing nothing, for a run that is not finished in `from` (`run "<id>" is running: …`) or a different
 * run under its id in `to`; otherwise pushes it (or skips it when `to` has it finished already).
 */
export async function pushRun(from: RunStore, to: RunStore, id: string, opts: PushOptions = {}): Promise<PushResult> {
  const pageSize = opts.pageSize ?? PUSH_PAGE_SIZE;
  const run = await from.runs.get(id);
  if (unfinished(run.status)) throw new PushRefused(`run "${id}" is ${run.status}: only a finished run is pushed`);
  let outcome: PushOutcome = "pushed";
  if (await to.runs.has(id)) {
    const there = await to.runs.get(id);
    if (there.startedAt !== run.startedAt || there.pipelineHash !== run.pipelineHash) {
      throw new PushRefused(`${to.where} has another run under the id "${id}" (pipeline "${there.pipelineName}", ${there.status}); it is left as it is`);
    }
    if (!unfinished(there.status)) return { id, outcome: "skipped", results: 0, cacheRows: 0 };
    outcome = "completed";
    await to.runs.rename(id, run.label);
    await to.runs.setFingerprint(id, run.datasetFingerprint);
  } else {
    await to.runs.create({ id, doc: run.doc, datasetFingerprint: run.datasetFingerprint, label: run.label, startedAt: run.startedAt, ...(run.pipelineId && opts.keepPipelineId !== false ? { pipelineId: run.pipelineId } : {}) });
  }
  await to.runs.beat(id); // running (again, when a stopped push left it interrupted) while it is written
  let results = 0;
  let cacheRows = 0;
  for (const nodeId of await from.results.nodes(id)) {
    for (let after: { seq: number; itemId: string } | undefined; ; ) {
      const page = await from.results.records({ runId: id, nodeId, after, limit: pageSize });
      if (page.length === 0) break;
      await to.results.put(page);
      cacheRows += await copyCacheRows(from, to, cacheKeysOf(page));
      results += page.length;
      await to.runs.beat(id);
      await opts.onPage?.({ results, cacheRows });
      if (page.length < pageSize) break;
      const last = page[page.length - 1];
      after = { seq: last.seq, itemId: last.itemId };
    }
  }
  await to.runs.finish(id, {
    status: run.status as Exclude<typeof run.status, "running">,
    totals: run.totals,
    metrics: run.metrics,
    nodes: run.nodes,
    ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
  });
  return { id, outcome, results, cacheRows };
}
