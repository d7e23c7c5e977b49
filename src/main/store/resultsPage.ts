/**
 * runs.results: one page of a node's results, filtered, sorted, at any offset, without walking or sorting
 * whole rows. The page's item ids come first, from `results_items` (run, node, seq, item, status, latency:
 * a covering index, migration 5); then only the page's rows are read whole, by primary key.
 *   - item order is the index order; a page past the middle is read from the end (the index walked backwards),
 *     so no page walks more than half the node's entries;
 *   - status order is item order within each status: the statuses are counted, then only the blocks the page
 *     falls in are walked in item order (with a search, which scans the outputs anyway, matches are sorted);
 *   - latency order needs a sort, of index entries only, bounded by offset + limit (or, past the middle, by
 *     what lies after the page, the order reversed).
 * Count and page read one snapshot (a transaction), so a running run's page agrees with its total.
 */
import type { Database } from "better-sqlite3";
import type { ResultsQuery } from "../../shared/contract";
import { rowTables, type RowTables } from "./rowTables";

/** Result orders, each ending in the primary key (total orders, so pages neither overlap nor skip). */
export const ORDERS = {
  item: ["seq", "item_id"],
  latency: ["latency_ms DESC", "seq", "item_id"],
  status: ["status", "seq", "item_id"],
} as const;

export const MAX_RESULTS_PAGE = 10_000;

export interface ResultsFilter {
  /** SQL condition over the rows (with or without their outputs: see rowsTable) with named parameters. */
  clause: string;
  params: Record<string, unknown>;
  /** The condition reads the outputs (a search): every row of the node is read anyway. */
  readsRows: boolean;
  /** Where the run's rows of the node are read from (rowTables.ts). */
  tables: RowTables;
}

export function resultsFilter(query: ResultsQuery, tables: RowTables): ResultsFilter {
  const where = ["run_id = @runId", "node_id = @nodeId"];
  const params: Record<string, unknown> = { runId: query.runId, nodeId: query.nodeId };
  if (query.status) {
    where.push("status = @status");
    params.status = query.status;
  }
  if (query.search) {
    where.push("(item_id LIKE @search ESCAPE '\\' OR output LIKE @search ESCAPE '\\' OR error LIKE @search ESCAPE '\\' OR drop_reason LIKE @search ESCAPE '\\')");
    params.search = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return { clause: where.join(" AND "), params, readsRows: Boolean(query.search), tables };
}

/**
 * What a query reads from: the rows with their outputs when it reads outputs (a search), else the rows without
 * them (the table `result_rows` for a run's own rows, migration 9), whose covering index results_items answers it
 * without reading a row.
 */
export function rowsTable(readsRows: boolean, t: RowTables): string {
  return readsRows ? t.rows : t.heads;
}

/** An order read backwards: every key's direction flipped (NULLs, smallest in SQLite, flip with it). */
export function reversedOrder(order: readonly string[]): string[] {
  return order.map((k) => (k.endsWith(" DESC") ? k.slice(0, -5) : `${k} DESC`));
}

/**
 * The SQL of a page of item ids in `order` (`@limit`, `@offset`). When every row is read anyway (`readsRows`),
 * they are read in primary-key order and the matches sorted (`+` keeps SQLite from walking the index in order
 * instead, which looks every row up: 2-3x slower at 100,000 rows).
 */
export function pageKeysSql(clause: string, order: readonly string[], readsRows: boolean, t: RowTables): string {
  const keys = readsRows ? [`+${order[0]}`, ...order.slice(1)] : order;
  return `SELECT item_id FROM ${rowsTable(readsRows, t)} WHERE ${clause} ORDER BY ${keys.join(", ")} LIMIT @limit OFFSET @offset`;
}

/** Item ids [offset, offset + limit) of `total` matching rows in `order`; from the end when that is shorter. */
function pageKeys(db: Database, f: ResultsFilter, order: readonly string[], offset: number, limit: number, total: number): string[] {
  const end = Math.min(total, offset + limit);
  if (end <= offset) return [];
  if (offset <= total - end) return db.prepare(pageKeysSql(f.clause, order, f.readsRows, f.tables)).pluck().all({ ...f.params, limit: end - offset, offset }) as string[];
  const ids = db.prepare(pageKeysSql(f.clause, reversedOrder(order), f.readsRows, f.tables)).pluck().all({ ...f.params, limit: end - offset, offset: total - end }) as string[];
  return ids.reverse();
}

/** How many rows have each status, in status order. */
export function statusBlocksSql(clause: string, t: RowTables): string {
  return `SELECT status, COUNT(*) AS n FROM ${t.heads} WHERE ${clause} GROUP BY status ORDER BY status`;
}

/** Item ids of a page in status order: statuses counted, then the blocks the page falls in walked in item order. */
function statusPageKeys(db: Database, f: ResultsFilter, offset: number, limit: number): string[] {
  const blocks = db.prepare(statusBlocksSql(f.clause, f.tables)).all(f.params) as { status: string; n: number }[];
  const ids: string[] = [];
  let start = 0;
  for (const b of blocks) {
    const from = Math.max(offset + ids.length, start);
    if (ids.length < limit && from < start + b.n) {
      const block = { ...f, clause: `${f.clause} AND status = @blockStatus`, params: { ...f.params, blockStatus: b.status } };
      ids.push(...pageKeys(db, block, ORDERS.item, from - start, limit - ids.length, b.n));
    }
    start += b.n;
  }
  return ids;
}

/** The SQL of a page's rows, whole, by primary key: item ids as a JSON array (`@ids`). */
export const pageRowsSql = (t: RowTables) => `SELECT * FROM ${t.rows} WHERE run_id = @runId AND node_id = @nodeId AND item_id IN (SELECT value FROM json_each(@ids))`;

export function resultsPage<Row extends { item_id: string }>(db: Database, query: ResultsQuery): { total: number; rows: Row[] } {
  const limit = Math.max(0, Math.min(query.limit ?? 100, MAX_RESULTS_PAGE));
  const offset = Math.max(0, query.offset ?? 0);
  return db.transaction(() => {
    const f = resultsFilter(query, rowTables(db, query.runId, query.nodeId));
    const total = (db.prepare(`SELECT COUNT(*) AS n FROM ${rowsTable(f.readsRows, f.tables)} WHERE ${f.clause}`).get(f.params) as { n: number }).n;
    const sort = query.sort ?? "item";
    // A search scans the outputs: once, sorting what matches, rather than once per status block.
    const ids = sort === "status" && !query.search ? statusPageKeys(db, f, offset, limit) : pageKeys(db, f, ORDERS[sort], offset, limit, total);
    if (ids.length === 0) return { total, rows: [] };
    const byId = new Map<string, Row>();
    for (const r of db.prepare(pageRowsSql(f.tables)).all({ runId: query.runId, nodeId: query.nodeId, ids: JSON.stringify(ids) }) as Row[]) byId.set(r.item_id, r);
    return { total, rows: ids.map((id) => byId.get(id)!) };
  })();
}
