/**
 * runs.results on PostgreSQL: one page of a node's results, filtered, sorted, at any offset, with the number of
 * matching rows, both read from one snapshot (a REPEATABLE READ transaction), so a running run's page agrees
 * with its total. The orders are SQLite's (resultsPage.ts ORDERS): total orders ending in (seq, item_id); NULL
 * latencies last, as SQLite's NULLs (the smallest values) are in a descending order. A search matches item id,
 * output, error or drop reason, case-insensitively, its % and _ taken literally (SQLite's LIKE folds ASCII case;
 * ILIKE folds by the database's locale, the same for ASCII). A page past the middle is read from the end, in the
 * order reversed, as SQLite's is.
 */
import type pg from "pg";
import type { ResultsQuery } from "../../../shared/contract";
import { MAX_RESULTS_PAGE } from "../resultsPage";
import { toResultRow, type ResultDbRow } from "../runRows";
import type { ResultsPage } from "../contract/runStore";
import { T } from "./pgStoreSchema";

export const RESULT_COLUMNS = "node_id, item_id, seq, status, output, error, cache_key, latency_ms, input_tokens, output_tokens, drop_reason";

/** Each order, and the same read backwards (a page past the middle is read from the end, then reversed). */
const ORDER_SQL = {
  item: ["seq, item_id", "seq DESC, item_id DESC"],
  latency: ["latency_ms DESC NULLS LAST, seq, item_id", "latency_ms ASC NULLS FIRST, seq DESC, item_id DESC"],
  status: ["status, seq, item_id", "status DESC, seq DESC, item_id DESC"],
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
    const end = Math.min(total, offset + limit);
    let rows: ResultDbRow[] = [];
    if (end > offset) {
      // From the nearer end: no page skips more than half the node's rows (OFFSET walks every row it skips).
      const backwards = offset > total - end;
      const [forward, reverse] = ORDER_SQL[query.sort ?? "item"];
      const sql = `SELECT ${RESULT_COLUMNS} FROM ${T.results} WHERE ${clause} ORDER BY ${backwards ? reverse : forward} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
      rows = (await client.query<ResultDbRow>(sql, [...params, end - offset, backwards ? total - end : offset])).rows;
      if (backwards) rows.reverse();
    }
    await client.query("COMMIT");
    return { total, rows: rows.map(toResultRow) };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}
