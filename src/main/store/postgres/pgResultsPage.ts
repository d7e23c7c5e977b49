/**
 * runs.results on PostgreSQL: one page of a node's results, filtered, sorted, at any offset, with the number of
 * matching rows, both read from one snapshot (a REPEATABLE READ transaction), so a running run's page agrees
 * with its total. The orders are SQLite's (resultsPage.ts ORDERS): total orders ending in (seq, item_id); NULL
 * latencies last, as SQLite's NULLs (the smallest values) are in a descending order. A search matches item id,
 * output, error or drop reason, case-insensitively, its % and _ taken literally (SQLite's LIKE folds ASCII case;
 * ILIKE folds by the database's locale, the same for ASCII).
 */
import type pg from "pg";
import type { ResultsQuery } from "../../../shared/contract";
import { MAX_RESULTS_PAGE } from "../resultsPage";
import { toResultRow, type ResultDbRow } from "../runRows";
import type { ResultsPage } from "../contract/runStore";
import { T } from "./pgStoreSchema";

export const RESULT_COLUMNS = "node_id, item_id, seq, status, output, error, cache_key, latency_ms, input_tokens, output_tokens, drop_reason";

const ORDER_SQL = {
  item: "seq, item_id",
  latency: "latency_ms DESC NULLS LAST, seq, item_id",
  status: "status, seq, item_id",
} as const;

/** The WHERE clause of a query and its parameters ($1, $2, …). */
export function resultsWhere(query: ResultsQuery): { clause: string; params: unknown[] } {
  const params: unknown[] = [query.runId, query.nodeId];
  const where = ["run_id = $1", "node_id = $2"];
  if (query.status) {
    params.push(query.status);
    where.push(`status = $${params.length}`);
  }
  if (query.search) {
    params.push(`%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const p = `$${params.length}`;
    where.push(`(item_id ILIKE ${p} ESCAPE '\\' OR output ILIKE ${p} ESCAPE '\\' OR error ILIKE ${p} ESCAPE '\\' OR drop_reason ILIKE ${p} ESCAPE '\\')`);
  }
  return { clause: where.join(" AND "), params };
}

export async function pgResultsPage(client: pg.PoolClient, query: ResultsQuery): Promise<ResultsPage> {
  const limit = Math.max(0, Math.min(query.limit ?? 100, MAX_RESULTS_PAGE));
  const offset = Math.max(0, query.offset ?? 0);
  const { clause, params } = resultsWhere(query);
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    const total = (await client.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${T.results} WHERE ${clause}`, params)).rows[0].n;
    const rows =
      limit === 0 || offset >= total
        ? []
        : (
            await client.query<ResultDbRow>(
              `SELECT ${RESULT_COLUMNS} FROM ${T.results} WHERE ${clause} ORDER BY ${ORDER_SQL[query.sort ?? "item"]} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
              [...params, limit, offset],
            )
          ).rows;
    await client.query("COMMIT");
    return { total, rows: rows.map(toResultRow) };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}
