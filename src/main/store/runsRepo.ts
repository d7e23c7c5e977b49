/** Runs and their per-node, per-item results. Listing, search, sort and paging happen in SQL. */
import { randomBytes } from "node:crypto";
import type { Database } from "better-sqlite3";
import type { ResultRow, ResultsQuery, RunSummary } from "../../shared/contract";
import type { NodeCounts } from "../../shared/events";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { formatRunId } from "../../shared/runId";
import type { ResultWriter } from "./resultWriter";
import { contentHash } from "./hash";
import { resultsPage } from "./resultsPage";
import { handOverRows } from "./rowSharing";
import { DEFAULT_STALE_RUN_MS, lastRunningTotals, staleRunIds } from "./runLiveness";
import { countNodes, emptyTotals, toResultRow, toSummary, type NodeStatusGroup, type ResultDbRow, type RunRow } from "./runRows";
import type { CreateRunInput, FinishRunInput, RunDetail } from "./contract/runStore";
import { keepSpaceReserve, releaseSpaceReserve } from "./spaceReserve";

export type { CreateRunInput, FinishRunInput, RunDetail, RunStatus } from "./contract/runStore";
export { emptyTotals, toResultRow } from "./runRows";

/** Time-ordered, short, unique: e.g. "lx3k2a9f-7c1e". */
export function newRunId(now = Date.now()): string {
  return formatRunId(now, randomBytes(2));
}

export class RunsRepo {
  constructor(
    private readonly db: Database,
    private readonly writer: ResultWriter,
    /** A running run whose heartbeat is older than this is listed (and stored) as interrupted; see runLiveness.ts. */
    private readonly staleRunMs = DEFAULT_STALE_RUN_MS,
  ) {}

  create(input: CreateRunInput): RunSummary {
    keepSpaceReserve(this.db.name);
    const id = input.id ?? newRunId();
    const startedAt = input.startedAt ?? Date.now();
    try {
      this.db
        .prepare(
          `INSERT INTO runs (id, pipeline_hash, pipeline_name, doc, pipeline_id, dataset_fingerprint, label, status, started_at, totals, metrics)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, '{}')`,
        )
        .run(id, contentHash(input.doc), input.doc.name, JSON.stringify(input.doc), input.pipelineId ?? null, input.datasetFingerprint, input.label ?? "", startedAt, JSON.stringify(emptyTotals()));
    } catch (e) {
      if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") throw new Error(`run "${id}" exists already`);
      throw e;
    }
    return this.summary(id);
  }

  setFingerprint(id: string, fingerprint: string): void {
    this.db.prepare("UPDATE runs SET dataset_fingerprint = ? WHERE id = ?").run(fingerprint, id);
  }

  /**
   * Records a run's end. Results that could not be written (e.g. the disk is full) make it failed with that
   * error; on a full disk the UPDATE is tried again with the space reserve given up (spaceReserve.ts).
   */
  finish(id: string, input: FinishRunInput): RunSummary {
    try {
      this.writer.flush();
    } catch (e) {
      if (!input.error) input = { ...input, status: "failed", error: (e as Error).message };
    }
    const update = () =>
      this.db
        .prepare("UPDATE runs SET status = ?, totals = ?, metrics = ?, node_counts = ?, error = ?, finished_at = ? WHERE id = ?")
        .run(input.status, JSON.stringify(input.totals), JSON.stringify(input.metrics), JSON.stringify(input.nodes ?? {}), input.error ?? null, input.finishedAt ?? Date.now(), id);
    let info;
    try {
      info = update();
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_FULL" || !releaseSpaceReserve(this.db.name)) throw e;
      info = update();
    }
    if (info.changes === 0) throw new Error(`no run "${id}"`);
    if (input.status === "done") this.writer.shareRows(id);
    return this.summary(id);
  }

  /**
   * Marks runs still "running" (e.g. left by a killed process) as interrupted, with the totals and accuracy of
   * their last heartbeat (runLiveness.ts; a run of a build before those were kept keeps what it stored); returns
   * how many.
   */
  markInterrupted(ids?: string[]): number {
    this.writer.flush();
    const targets = ids ?? (this.db.prepare("SELECT id FROM runs WHERE status = 'running'").pluck().all() as string[]);
    const mark = this.db.prepare("UPDATE runs SET status = 'interrupted', totals = COALESCE(?, totals), metrics = COALESCE(?, metrics) WHERE id = ? AND status = 'running'");
    let n = 0;
    for (const id of targets) {
      const last = lastRunningTotals(this.db, id);
      n += mark.run(last ? JSON.stringify(last.totals) : null, last ? JSON.stringify(last.metrics) : null, id).changes;
    }
    return n;
  }

  /** Marks the running runs (all, or `runId`) whose process stopped beating as interrupted (see runLiveness.ts). */
  private interruptStale(runId?: string): void {
    if (this.db.readonly) return; // a read-only database shows its runs as stored
    const ids = staleRunIds(this.db, this.staleRunMs, runId);
    if (ids.length) this.markInterrupted(ids);
  }

  list(): RunSummary[] {
    this.interruptStale();
    return (this.db.prepare("SELECT * FROM runs ORDER BY started_at DESC, id DESC").all() as RunRow[]).map(toSummary);
  }

  has(id: string): boolean {
    return this.db.prepare("SELECT 1 FROM runs WHERE id = ?").get(id) !== undefined;
  }

    summary(id: string): RunSummary {
    this.interruptStale(id);
    return toSummary(this.row(id));
  }

  get(id: string): RunDetail {
    this.writer.flush();
    this.interruptStale(id);
    const row = this.row(id);
    const stored = JSON.parse(row.node_counts) as Record<string, NodeCounts>;
    const doc = JSON.parse(row.doc) as PipelineDoc;
    // A finished run keeps the engine's counts (calls, cache hits, tokens spent): counting its results again (a
    // scan of every row) is skipped; a running or interrupted one is counted from its results so far.
    if (Object.keys(stored).length > 0) return { ...toSummary(row), doc, nodes: stored };
    const grouped = this.db
      .prepare(
        `SELECT node_id, status, COUNT(*) AS n, SUM(COALESCE(latency_ms, 0)) AS latency, SUM(COALESCE(input_tokens, 0)) AS inp,
                SUM(COALESCE(output_tokens, 0)) AS outp, SUM(COALESCE(cost_usd, 0)) AS cost
         FROM result_heads WHERE run_id = ? GROUP BY node_id, status`,
      )
      .all(id) as NodeStatusGroup[];
    return { ...toSummary(row), doc, nodes: countNodes(grouped) };
  }

  /** The full id of a run given its id or a unique prefix of it. */
  resolveId(idOrPrefix: string): string {
    const exact = this.db.prepare("SELECT id FROM runs WHERE id = ?").get(idOrPrefix) as { id: string } | undefined;
    if (exact) return exact.id;
    const like = idOrPrefix.replace(/[\\%_]/g, (c) => `\\${c}`) + "%";
    const rows = this.db.prepare("SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' LIMIT 2").all(like) as { id: string }[];
    if (rows.length === 1) return rows[0].id;
    throw new Error(rows.length ? `run id "${idOrPrefix}" is ambiguous` : `no run "${idOrPrefix}"`);
  }

  rename(id: string, label: string): void {
    if (this.db.prepare("UPDATE runs SET label = ? WHERE id = ?").run(label, id).changes === 0) throw new Error(`no run "${id}"`);
  }

  /** Deletes the run and (by foreign key cascade) its results; rows later runs share are handed over to them first (rowSharing.ts). */
  delete(id: string): void {
    this.writer.flush();
    this.db.transaction(() => {
      handOverRows(this.db, [id]);
      if (this.db.prepare("DELETE FROM runs WHERE id = ?").run(id).changes === 0) throw new Error(`no run "${id}"`);
    }).immediate();
  }

  /** One page of a node's results, filtered and sorted in SQL; see resultsPage.ts. */
  results(query: ResultsQuery): { total: number; rows: ResultRow[] } {
    this.writer.flush();
    const { total, rows } = resultsPage<ResultDbRow>(this.db, query);
    return { total, rows: rows.map(toResultRow) };
  }

  /**
   * Every result of a node in item order, read lazily page by page (for aggregates and export). Pages keep no
   * statement open between reads, so writes may happen while a consumer awaits between rows.
   */
  *iterateResults(runId: string, nodeId: string, pageSize = 500): IterableIterator<ResultRow & { seq: number }> {
    const stmt = this.db.prepare(
      // A row-value bound keeps each page an index range (an OR here made every page rescan from the start).
      "SELECT * FROM results WHERE run_id = ? AND node_id = ? AND (seq, item_id) > (?, ?) ORDER BY seq, item_id LIMIT ?",
    );
    let seq = -Infinity;
    let item = "";
    for (;;) {
      this.writer.flush();
      const page = stmt.all(runId, nodeId, seq, item, pageSize) as ResultDbRow[];
      for (const r of page) yield { ...toResultRow(r), seq: r.seq };
      if (page.length < pageSize) return;
      seq = page[page.length - 1].seq;
      item = page[page.length - 1].item_id;
    }
  }

  getResult(runId: string, nodeId: string, itemId: string): ResultRow | undefined {
    this.writer.flush();
    const r = this.db.prepare("SELECT * FROM results WHERE run_id = ? AND node_id = ? AND item_id = ?").get(runId, nodeId, itemId) as ResultDbRow | undefined;
    return r ? toResultRow(r) : undefined;
  }

  /** Node ids that have results in a run. */
  resultNodes(runId: string): string[] {
    this.writer.flush();
    return (this.db.prepare("SELECT DISTINCT node_id FROM result_heads WHERE run_id = ? ORDER BY node_id").all(runId) as { node_id: string }[]).map((r) => r.node_id);
  }

  private row(id: string): RunRow {
    const row = this.db.prepare("SELECT * FROM runs WHERE id = ?").get(id) as RunRow | undefined;
    if (!row) throw new Error(`no run "${id}"`);
    return row;
  }
}
