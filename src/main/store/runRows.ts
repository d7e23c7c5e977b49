/**
 * Rows of runs and results as both backends read them (SQLite's runs/results, PostgreSQL's cascade_store tables:
 * the same columns, JSON kept as text) and the contract types made from them: one mapping, so a summary or a
 * result row reads the same whichever store holds it.
 */
import type { ResultRow, RunSummary } from "../../shared/contract";
import { dropReasonText, parseStoredDropReason } from "../../shared/dropReason";
import { emptyCounts, type Metric, type NodeCounts, type RunTotals } from "../../shared/events";
import type { ImportedFrom, RunRecord } from "../../shared/runRecord";
import type { RunStatus } from "./contract/runStore";
import type { StoredTrace } from "./traceFormat";
import type { ResultRecord } from "./types";
import { runRepeatOf } from "./runRepeats";

export interface RunRow {
  id: string;
  pipeline_hash: string;
  pipeline_name: string;
  doc: string;
  pipeline_id: string | null;
  dataset_fingerprint: string;
  label: string;
  status: RunStatus;
  started_at: number;
  finished_at: number | null;
  totals: string;
  metrics: string;
  node_counts: string;
  error: string | null;
  repeat_group?: string | null;
  repeat_index?: number | null;
  repeat_stats?: string | null;
  record?: string | null;
}

export interface ResultDbRow {
  node_id: string;
  item_id: string;
  seq: number;
  status: ResultRow["status"];
  output: string | null;
  error: string | null;
  cache_key: string | null;
  latency_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  /** A dropped row's DropReason JSON (migration 8; absent from queries that do not read it). */
  drop_reason?: string | null;
}

/** A result row with every column a record has (`results.records`): its cost, drop reason and trace too. */
export interface RecordDbRow extends ResultDbRow {
  cost_usd: number | null;
  drop_reason: string | null;
  trace: string | null;
}

/** Per node and status: how many results and their sums (what a run's node counts are made of before it ends). */
export interface NodeStatusGroup {
  node_id: string;
  status: ResultRow["status"];
  n: number;
  latency: number;
  inp: number;
  outp: number;
  cost: number;
}

export function emptyTotals(): RunTotals {
  return { items: 0, itemsDone: 0, itemsFailed: 0, calls: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, errors: 0 };
}

/** A run imported from a bundle says so in its record (store/bundleReader.ts). */
function importedOf(record: string | null | undefined): { imported?: ImportedFrom } {
  if (!record || !record.includes('"imported"')) return {};
  const imported = (JSON.parse(record) as RunRecord).imported;
  return imported ? { imported } : {};
}

export function toSummary(r: RunRow): RunSummary {
  const repeat = runRepeatOf(r);
  return {
    id: r.id,
    label: r.label,
    pipelineName: r.pipeline_name,
    pipelineHash: r.pipeline_hash,
    ...(r.pipeline_id ? { pipelineId: r.pipeline_id } : {}),
    datasetFingerprint: r.dataset_fingerprint,
    status: r.status,
    startedAt: r.started_at,
    ...(r.finished_at !== null ? { finishedAt: r.finished_at } : {}),
    totals: { ...emptyTotals(), ...(JSON.parse(r.totals) as Partial<RunTotals>) },
    metrics: JSON.parse(r.metrics) as Record<string, Metric[]>,
    ...(repeat ? { repeat } : {}),
    ...importedOf(r.record),
  };
}

export function toResultRow(r: ResultDbRow): ResultRow {
  const row: ResultRow = { itemId: r.item_id, nodeId: r.node_id, status: r.status, output: r.output === null ? null : JSON.parse(r.output) };
  if (r.error !== null) row.error = r.error;
  else if (r.drop_reason) {
    const reason = parseStoredDropReason(r.drop_reason);
    if (reason) row.error = dropReasonText(r.node_id, reason);
  }
  if (r.latency_ms !== null) row.latencyMs = r.latency_ms;
  if (r.input_tokens !== null || r.output_tokens !== null) row.usage = { inputTokens: r.input_tokens ?? 0, outputTokens: r.output_tokens ?? 0 };
  if (r.cache_key !== null) row.cacheKey = r.cache_key;
  return row;
}

/** The per-node counts of a run not finished yet, counted from its results (calls: done results, cache hits: cached). */
export function countNodes(grouped: readonly NodeStatusGroup[]): Record<string, NodeCounts> {
  const nodes: Record<string, NodeCounts> = {};
  for (const g of grouped) {
    const c = (nodes[g.node_id] ??= emptyCounts());
    if (g.status === "pending") c.pending = (c.pending ?? 0) + g.n;
    else c[g.status] += g.n;
    c.latencyMsTotal += g.latency;
    c.inputTokens += g.inp;
    c.outputTokens += g.outp;
    c.costUsd += g.cost;
  }
  for (const c of Object.values(nodes)) {
    c.calls = c.done;
    c.cacheHits = c.cached;
  }
  return nodes;
}

/** The record a row was written from (ResultRecord: what `results.put` takes), absent fields left out. */
export function toResultRecord(runId: string, r: RecordDbRow): ResultRecord {
  const rec: ResultRecord = { runId, nodeId: r.node_id, itemId: r.item_id, seq: r.seq, status: r.status, output: r.output === null ? null : JSON.parse(r.output) };
  if (r.error !== null) rec.error = r.error;
  const reason = parseStoredDropReason(r.drop_reason);
  if (reason) rec.dropReason = reason;
  if (r.cache_key !== null) rec.cacheKey = r.cache_key;
  if (r.latency_ms !== null) rec.latencyMs = r.latency_ms;
  if (r.input_tokens !== null) rec.inputTokens = r.input_tokens;
  if (r.output_tokens !== null) rec.outputTokens = r.output_tokens;
  if (r.cost_usd !== null) rec.costUsd = r.cost_usd;
  if (r.trace !== null) rec.trace = JSON.parse(r.trace) as StoredTrace;
  return rec;
}

/** The row `results.page` gives for a record (toResultRow of the row it was written as). */
export function recordToRow(r: ResultRecord): ResultRow {
  const row: ResultRow = { itemId: r.itemId, nodeId: r.nodeId, status: r.status, output: r.output };
  if (r.error !== undefined) row.error = r.error;
  else if (r.dropReason) row.error = dropReasonText(r.nodeId, r.dropReason);
  if (r.latencyMs !== undefined) row.latencyMs = r.latencyMs;
  if (r.inputTokens !== undefined || r.outputTokens !== undefined) row.usage = { inputTokens: r.inputTokens ?? 0, outputTokens: r.outputTokens ?? 0 };
  if (r.cacheKey !== undefined) row.cacheKey = r.cacheKey;
  return row;
}
