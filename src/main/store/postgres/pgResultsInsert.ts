/**
 * Writes a batch of results to PostgreSQL: one INSERT … SELECT FROM unnest(arrays) per 500 rows (fourteen array
 * parameters however many rows: no limit of 65,535 bind values, one round trip per chunk), all in the caller's
 * transaction. A row written again replaces the one there (SQLite's INSERT OR REPLACE), its trace included: a
 * row without one drops the old trace. Within one batch the last row of a key wins (ON CONFLICT DO UPDATE may
 * not touch one row twice in a statement, so earlier duplicates are left out first).
 */
import type pg from "pg";
import type { ResultRecord } from "../types";
import { T } from "./pgStoreSchema";

const ROWS_PER_STATEMENT = 500;

const COLUMNS = ["run_id", "node_id", "item_id", "seq", "status", "output", "error", "cache_key", "latency_ms", "input_tokens", "output_tokens", "cost_usd", "drop_reason", "trace"] as const;
const TYPES = ["text", "text", "text", "bigint", "text", "text", "text", "text", "float8", "bigint", "bigint", "float8", "text", "text"] as const;

const INSERT_SQL = `INSERT INTO ${T.results} (${COLUMNS.join(", ")})
  SELECT * FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})
  ON CONFLICT (run_id, node_id, item_id) DO UPDATE SET ${COLUMNS.slice(3)
    .map((c) => `${c} = excluded.${c}`)
    .join(", ")}`;

function columnsOf(r: ResultRecord): unknown[] {
  return [
    r.runId,
    r.nodeId,
    r.itemId,
    r.seq,
    r.status,
    r.output === null ? null : JSON.stringify(r.output),
    r.error ?? null,
    r.cacheKey ?? null,
    r.latencyMs ?? null,
    r.inputTokens ?? null,
    r.outputTokens ?? null,
    r.costUsd ?? null,
    r.dropReason === undefined ? null : JSON.stringify(r.dropReason),
    r.trace === undefined ? null : JSON.stringify(r.trace),
  ];
}

/** The batch with only the last row of each (run, node, item), in the order of those last rows. */
export function lastOfEachKey(batch: readonly ResultRecord[]): ResultRecord[] {
  const byKey = new Map<string, ResultRecord>();
  for (const r of batch) {
    const key = `${r.runId}\0${r.nodeId}\0${r.itemId}`;
    byKey.delete(key);
    byKey.set(key, r);
  }
  return [...byKey.values()];
}

/** Inserts (or replaces) the rows; call inside a transaction to make the batch one. */
export async function insertResults(client: pg.PoolClient, batch: readonly ResultRecord[]): Promise<void> {
  const rows = lastOfEachKey(batch);
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const arrays: unknown[][] = COLUMNS.map(() => []);
    for (const r of rows.slice(i, i + ROWS_PER_STATEMENT)) columnsOf(r).forEach((v, c) => arrays[c].push(v));
    await client.query(INSERT_SQL, arrays);
  }
}
