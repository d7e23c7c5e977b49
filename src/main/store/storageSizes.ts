/**
 * What the database holds (cascade db, cascade runs, storage.summary): the file's size, each table's and index's
 * size as SQLite measures it (the dbstat virtual table: pages × page size), and each run's size.
 *
 * A run's size is its payload, counted from its rows: `rows` = the bytes of its result and trace rows (texts and
 * blobs at their length in UTF-8, each number as 8 bytes), `own` = the contents only this run refers to, `shared`
 * = the contents and rows it shares with other runs (a warm re-run's outputs are the cold run's; its rows, where
 * equal, are the cold run's too: rowSharing.ts, and then its `rows` are its own facts in shared_facts). Deleting
 * the run frees about rows + own (plus SQLite's page overhead, and its index entries); what is shared stays.
 */
import { statSync } from "node:fs";
import type { Database } from "better-sqlite3";
import type { StorageDatabaseSize, StorageRunSize, StorageTableSize } from "../../shared/storageContract";

export type TableSize = StorageTableSize;
export type RunSize = StorageRunSize;
export type DatabaseSize = StorageDatabaseSize;

const NUMBER_BYTES = 8;
const len = (col: string) => `coalesce(length(CAST(${col} AS BLOB)), 0)`;
const RESULT_ROW_BYTES = [
  "run_id",
  "node_id",
  "item_id",
  "status",
  "output",
  "output_hash",
  "error",
  "cache_key",
  "drop_reason",
]
  .map(len)
  .concat(`${5 * NUMBER_BYTES}`)
  .join(" + ");
const TRACE_ROW_BYTES = ["run_id", "node_id", "item_id", "trace_hash", "calls"].map(len).join(" + ");

function size(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}

export function databaseSize(db: Database): DatabaseSize {
  const path = db.name;
  const onDisk = path !== "" && path !== ":memory:";
  let tables: TableSize[] | null = null;
  try {
    tables = db
      .prepare(
        `SELECT d.name AS name, coalesce(s.tbl_name, d.name) AS "table", SUM(d.pgsize) AS bytes
         FROM dbstat d LEFT JOIN sqlite_schema s ON s.name = d.name GROUP BY d.name ORDER BY bytes DESC, d.name`,
      )
      .all() as TableSize[];
  } catch {
    tables = null; // SQLite built without SQLITE_ENABLE_DBSTAT_VTAB
  }
  return {
    path,
    fileBytes: onDisk ? size(path) : 0,
    walBytes: onDisk ? size(`${path}-wal`) : 0,
    pageSize: db.pragma("page_size", { simple: true }) as number,
    pages: db.pragma("page_count", { simple: true }) as number,
    freePages: db.pragma("freelist_count", { simple: true }) as number,
    tables,
  };
}

const FACT_BYTES = ["item_id", "status", "calls"].map(len).concat(`${NUMBER_BYTES}`).join(" + ");

/** Every run's size (see the top of this file), by run id. One scan of the rows. */
export function runSizes(db: Database): Map<string, RunSize> {
  const out = new Map<string, RunSize>();
  const entry = (runId: string) => {
    let e = out.get(runId);
    if (!e) out.set(runId, (e = { runId, rows: 0, own: 0, shared: 0 }));
    return e;
  };
  // Rows other runs share (rowSharing.ts) count as shared for their owner and each sharer; a sharer's own facts are its rows.
  const readers = new Map<string, string[]>();
  for (const [owner, node, run] of db.prepare("SELECT rows_of, node_id, run_id FROM run_nodes WHERE run_id != rows_of").raw().all() as [string, string, string][]) {
    const k = `${owner}\0${node}`;
    readers.set(k, [...(readers.get(k) ?? [owner]), run]);
  }
  const add = (runId: string, node: string, bytes: number) => {
    const sharing = readers.get(`${runId}\0${node}`);
    if (!sharing) entry(runId).rows += bytes;
    else for (const r of sharing) entry(r).shared += bytes;
  };
  for (const [runId, node, bytes] of db.prepare(`SELECT run_id, node_id, SUM(${RESULT_ROW_BYTES}) FROM result_rows GROUP BY run_id, node_id`).raw().all() as [string, string, number][]) add(runId, node, bytes);
  for (const [runId, node, bytes] of db.prepare(`SELECT run_id, node_id, SUM(${TRACE_ROW_BYTES}) FROM trace_rows GROUP BY run_id, node_id`).raw().all() as [string, string, number][]) add(runId, node, bytes);
  for (const [runId, bytes] of db.prepare(`SELECT n.run_id, SUM(${FACT_BYTES}) FROM run_nodes n JOIN shared_facts f ON f.share = n.share GROUP BY n.run_id`).raw().all() as [string, number][]) entry(runId).rows += bytes;
  for (const [runId] of db.prepare("SELECT DISTINCT run_id FROM run_nodes WHERE run_id != rows_of").raw().all() as [string][]) entry(runId);
  const refs = db
    .prepare(
      `WITH refs AS (SELECT n.run_id, r.output_hash AS h FROM run_nodes n JOIN result_rows r ON r.run_id = n.rows_of AND r.node_id = n.node_id WHERE r.output_hash IS NOT NULL
                     UNION SELECT n.run_id, t.trace_hash FROM run_nodes n JOIN trace_rows t ON t.run_id = n.rows_of AND t.node_id = n.node_id),
            users AS (SELECT h, COUNT(*) AS n FROM refs GROUP BY h)
       SELECT r.run_id, SUM(CASE WHEN u.n = 1 THEN length(CAST(c.body AS BLOB)) ELSE 0 END), SUM(CASE WHEN u.n > 1 THEN length(CAST(c.body AS BLOB)) ELSE 0 END)
       FROM refs r JOIN users u ON u.h = r.h JOIN contents c ON c.hash = r.h GROUP BY r.run_id`,
    )
    .raw()
    .all() as [string, number, number][];
  for (const [runId, own, shared] of refs) {
    const e = entry(runId);
    e.own = own;
    e.shared += shared;
  }
  return out;
}
