/**
 * The store's async contract (#19): what a lab's shared store answers, the same on both backends — SQLite
 * (`SqliteRunStore`, over the repositories of an opened `Store`) and PostgreSQL (`PostgresRunStore`,
 * store/postgres). This is the first slice of the store behind it: runs, their results (with traces) and the
 * call cache. Later slices add methods here (run meta, compare, reports, reviews, …); `openRunStore` (store/openRunStore.ts)
 * picks the backend from a path or a postgres:// URL. Pure: interfaces and types only.
 *
 * Semantics are the SQLite repositories' (runsRepo.ts, resultsPage.ts, cacheRepo.ts), and the contract suite
 * (tests/unit/store/runStoreContract.ts) holds both backends to them:
 *   - a run id that does not exist throws `no run "<id>"` (finish, get, rename, delete; setFingerprint and beat
 *     change nothing); creating a run under an id that exists throws `run "<id>" exists already`;
 *   - runs are listed newest first: started_at descending, then id descending (ids compared as bytes);
 *   - a running run whose last heartbeat (before the first, its start) is older than the stale threshold is
 *     stored and listed as interrupted, with the totals and metrics of its last heartbeat (runLiveness.ts);
 *   - a result written again (same run, node, item) replaces the row, its trace too (none: the old one is gone);
 *     a batch is visible once `put` resolves;
 *   - pages of results are total orders ending in (seq, item_id); latency order puts rows without a latency last;
 *   - a cache row written again replaces the row.
 * Known differences, left for the slices that need them: SQLite refuses a run whose `pipelineId` names no saved
 * pipeline (a foreign key; PostgreSQL has no pipelines yet), and PostgreSQL refuses a NUL character in a text
 * kept as is (an id, a label, an error, a cached reply; outputs and traces are JSON, where it is escaped). A
 * batch of results that fails (a row of an unknown run) is written all or none on PostgreSQL, while SQLite's
 * writer keeps the rows that fit (resultWriter.ts); both reject.
 */
import type { ResultRow, ResultsQuery, RunSummary } from "../../../shared/contract";
import type { Metric, NodeCounts, RunTotals } from "../../../shared/events";
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import type { RunningTotals } from "../runLiveness";
import type { TracedResult } from "../tracesRepo";
import type { CacheRecord, ResultRecord } from "../types";

export type RunStatus = RunSummary["status"];

export interface CreateRunInput {
  doc: PipelineDoc;
  pipelineId?: string;
  datasetFingerprint: string;
  label?: string;
  id?: string;
  startedAt?: number;
}

export interface FinishRunInput {
  status: Exclude<RunStatus, "running">;
  totals: RunTotals;
  metrics: Record<string, Metric[]>;
  nodes?: Record<string, NodeCounts>;
  error?: string;
  finishedAt?: number;
}

/** A run with its document and per-node counts (the engine's, once finished; counted from its results before). */
export type RunDetail = RunSummary & { doc: PipelineDoc; nodes: Record<string, NodeCounts> };

/** Where a page of `results.records` begins: after this record (item order: seq, then item id). */
export interface RecordsCursor {
  seq: number;
  itemId: string;
}

export interface RecordsQuery {
  runId: string;
  nodeId: string;
  /** The last record of the page before; none: from the node's first result. */
  after?: RecordsCursor;
  limit: number;
}

/** A page of a node's results and how many match the query. */
export interface ResultsPage {
  total: number;
  rows: ResultRow[];
}

export interface RunsContract {
  /** Records a new running run; returns its summary. */
  create(input: CreateRunInput): Promise<RunSummary>;
  setFingerprint(id: string, fingerprint: string): Promise<void>;
  /** The run's process is alive: refreshes its heartbeat (and its running totals); an interrupted run runs again. */
  beat(id: string, totals?: RunningTotals): Promise<void>;
  /** Records the run's end (after every result written before it); returns its summary. */
  finish(id: string, input: FinishRunInput): Promise<RunSummary>;
  /** Every run, newest first. */
  list(): Promise<RunSummary[]>;
  get(id: string): Promise<RunDetail>;
  has(id: string): Promise<boolean>;
  /** The full id of a run given its id or a unique prefix; `run id "<p>" is ambiguous`, `no run "<p>"`. */
  resolveId(idOrPrefix: string): Promise<string>;
  rename(id: string, label: string): Promise<void>;
  /** Deletes the run and its results. */
  delete(id: string): Promise<void>;
}

export interface ResultsContract {
  /** Writes a batch of results; resolves once it is visible to every store on the same data. */
  put(batch: readonly ResultRecord[]): Promise<void>;
  /** One page of a node's results: filtered by status or search, sorted by item, latency or status. */
  page(query: ResultsQuery): Promise<ResultsPage>;
  get(runId: string, nodeId: string, itemId: string): Promise<ResultRow | undefined>;
  /** Node ids that have results in the run, sorted. */
  nodes(runId: string): Promise<string[]>;
  /**
   * The item's results (and the aggregate rows, item "*") at these nodes, each with its trace as written: by node
   * id, then item id (the inspector's read, TracesRepo.forItem).
   */
  forItem(runId: string, itemId: string, nodeIds: readonly string[]): Promise<Map<string, Map<string, TracedResult>>>;
  /**
   * A node's results as written — the records `put` takes, every field (seq, cost, drop reason, trace) — in item
   * order (seq, then item id), at most `limit` after `after`: a node of any size read a page at a time, each page
   * an index range after a key, not an offset (what `cascade push` copies and `cascade show` prints).
   */
  records(query: RecordsQuery): Promise<ResultRecord[]>;
}

export interface CacheContract {
  get(key: string): Promise<CacheRecord | undefined>;
  /** The rows found for these keys; misses are absent. */
  getMany(keys: Iterable<string>): Promise<Map<string, CacheRecord>>;
  /** Resolves once the row is committed. */
  put(record: CacheRecord): Promise<void>;
  count(): Promise<number>;
}

export interface RunStore {
  /** Which backend holds the data. */
  readonly backend: "sqlite" | "postgres";
  /** Where it is, for messages: the database file, or the URL without its password. */
  readonly where: string;
  readonly runs: RunsContract;
  readonly results: ResultsContract;
  readonly cache: CacheContract;
  close(): Promise<void>;
}

export interface RunStoreOptions {
  /** A running run whose heartbeat is older than this is interrupted (default: $CASCADE_STALE_RUN_MS, else 30 s). */
  staleRunMs?: number;
}
