/**
 * The store contract (contract/runStore.ts) over an SQLite `Store`: every method calls the repositories
 * (runs, runMeta, traces, cache) and the result writer. A batch of results is buffered in the writer and flushed before
 * `results.put` resolves, so it is visible to every reader, as the contract promises; a cache row resolves on its
 * commit (the writer's group commit). The methods run synchronously: their promises carry a value or the error.
 */
import type { ResultsQuery } from "../../shared/contract";
import type { CreateRunInput, FinishRunInput, RecordsQuery, RunStore } from "./contract/runStore";
import type { RunningTotals } from "./runLiveness";
import type { Store } from "./store";
import type { CacheRecord, ResultRecord } from "./types";

/** Runs `f` now; its value or its error as a promise. */
function now<T>(f: () => T): Promise<T> {
  try {
    return Promise.resolve(f());
  } catch (e) {
    return Promise.reject(e);
  }
}

export class SqliteRunStore implements RunStore {
  readonly backend = "sqlite" as const;
  readonly where: string;

  constructor(private readonly store: Store) {
    this.where = store.path;
  }

  readonly runs = {
    create: (input: CreateRunInput) => now(() => this.store.runs.create(input)),
    setFingerprint: (id: string, fingerprint: string) => now(() => this.store.runs.setFingerprint(id, fingerprint)),
    beat: (id: string, totals?: RunningTotals) => now(() => this.store.runMeta.beat(id, totals)),
    finish: (id: string, input: FinishRunInput) => now(() => this.store.runs.finish(id, input)),
    list: () => now(() => this.store.runs.list()),
    get: (id: string) => now(() => this.store.runs.get(id)),
    has: (id: string) => now(() => this.store.runs.has(id)),
    resolveId: (idOrPrefix: string) => now(() => this.store.runs.resolveId(idOrPrefix)),
    rename: (id: string, label: string) => now(() => this.store.runs.rename(id, label)),
    delete: (id: string) => now(() => this.store.runs.delete(id)),
  };

  readonly results = {
    put: (batch: readonly ResultRecord[]) =>
      now(() => {
        for (const r of batch) this.store.writer.putResult(r);
        this.store.writer.flush();
      }),
    page: (query: ResultsQuery) => now(() => this.store.runs.results(query)),
    get: (runId: string, nodeId: string, itemId: string) => now(() => this.store.runs.getResult(runId, nodeId, itemId)),
    nodes: (runId: string) => now(() => this.store.runs.resultNodes(runId)),
    forItem: (runId: string, itemId: string, nodeIds: readonly string[]) => now(() => this.store.traces.forItem(runId, itemId, [...nodeIds])),
    records: (query: RecordsQuery) => now(() => this.store.traces.records(query)),
  };

  readonly cache = {
    get: (key: string) => now(() => this.store.cache.get(key)),
    getMany: (keys: Iterable<string>) => now(() => this.store.cache.getMany(keys)),
    put: (record: CacheRecord) => this.store.cache.put(record),
    count: () => now(() => this.store.cache.count()),
  };

  close(): Promise<void> {
    return now(() => this.store.close());
  }
}
