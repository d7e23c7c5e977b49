/**
 * One node's results across runs, item by item, in SQL: the items of every run (ordered by their dataset
 * position), each run's row joined on the primary key, the disagreement decided in SQL (outputs compared port
 * by port — strings trimmed, numbers numerically, the `conversation` port left out — and the runs' scores),
 * in one pass that yields only (item, disagree) — the caller may keep that list for the next pages — then only
 * the page's rows fetched whole (one query per run), never one query per item.
 */
import type { Database } from "better-sqlite3";
import type { CompareItemRow, ResultRow } from "../../shared/contract";
import type { ResultWriter } from "./resultWriter";
import { toResultRow } from "./runsRepo";

export interface CompareItemsInput {
  runIds: string[];
  nodeId: string;
  /** Output ports compared for the disagreement (strings trimmed); empty: the whole output. */
  ports: string[];
  /** Per run, its score node (scores that differ make a disagreement), or null. */
  scoreNodes: (string | null)[];
  offset?: number;
  limit?: number;
  search?: string;
  onlyDisagreements?: boolean;
}

export const MAX_COMPARE_ROWS = 1000;

export interface ItemListEntry {
  itemId: string;
  disagree: boolean;
}
const WS = "char(32, 9, 10, 13)";

function valueExpr(alias: string, path: string): string {
  return `(CASE json_type(${alias}.output, ${path}) WHEN 'text' THEN trim(json_extract(${alias}.output, ${path}), ${WS}) ELSE json_extract(${alias}.output, ${path}) END)`;
}

type DbRow = Parameters<typeof toResultRow>[0];

/** The matching items in dataset order, each with its disagreement: one pass in SQL. */
export function compareItemList(db: Database, writer: ResultWriter, q: CompareItemsInput): ItemListEntry[] {
  writer.flush();
  const k = q.runIds.length;
  const params: Record<string, unknown> = { node: q.nodeId };
  q.runIds.forEach((id, i) => (params[`r${i}`] = id));
  q.ports.forEach((p, j) => (params[`p${j}`] = `$."${p.replace(/"/g, '\\"')}"`));
  q.scoreNodes.forEach((s, i) => (params[`s${i}`] = s));

  const joins: string[] = [];
  for (let i = 0; i < k; i++) {
    joins.push(`LEFT JOIN results r${i} ON r${i}.run_id = @r${i} AND r${i}.node_id = @node AND r${i}.item_id = ids.item_id`);
    if (q.scoreNodes[i]) joins.push(`LEFT JOIN results c${i} ON c${i}.run_id = @r${i} AND c${i}.node_id = @s${i} AND c${i}.item_id = ids.item_id`);
  }
  const norm = (i: number): string[] => (q.ports.length ? q.ports.map((_, j) => valueExpr(`r${i}`, `@p${j}`)) : [`r${i}.output`]);
  const score = (i: number) => `json_extract(c${i}.output, '$.score')`;
  const differs: string[] = [];
  for (let i = 1; i < k; i++) {
    const a = norm(0);
    const b = norm(i);
    a.forEach((x, j) => differs.push(`${x} IS NOT ${b[j]}`));
    differs.push(`(r0.output IS NULL) <> (r${i}.output IS NULL)`);
    if (q.scoreNodes[0] && q.scoreNodes[i]) differs.push(`${score(0)} IS NOT ${score(i)}`);
  }
  const disagree = differs.length ? `(${differs.join(" OR ")})` : "0";

  const where: string[] = [];
  if (q.search) {
    params.search = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = (col: string) => `${col} LIKE @search ESCAPE '\\'`;
    const any = ["ids.item_id", ...q.runIds.flatMap((_, i) => [`r${i}.output`, `r${i}.error`])].map(like);
    where.push(`(${any.join(" OR ")})`);
  }
  const runList = q.runIds.map((_, i) => `@r${i}`).join(", ");
  const ids = k === 1 ? "SELECT item_id, seq FROM results WHERE run_id = @r0 AND node_id = @node" : `SELECT item_id, MIN(seq) AS seq FROM results WHERE run_id IN (${runList}) AND node_id = @node GROUP BY item_id`;
  const sql = `SELECT ids.item_id AS item_id, ${disagree} AS disagree FROM (${ids}) ids ${joins.join(" ")}
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ids.seq, ids.item_id`;
  const out: ItemListEntry[] = [];
  for (const r of db.prepare(sql).raw().iterate(params) as Iterable<[string, number]>) {
    if (!q.onlyDisagreements || r[1] === 1) out.push({ itemId: r[0], disagree: r[1] === 1 });
  }
  return out;
}

/** One page of a compareItemList: the cells (and scores) fetched whole for the page's items only. */
export function compareItemsPage(
  db: Database,
  q: CompareItemsInput,
  list: readonly ItemListEntry[],
): { total: number; rows: (CompareItemRow & { scores: (number | null)[] })[] } {
  const limit = Math.max(0, Math.min(q.limit ?? 100, MAX_COMPARE_ROWS));
  const offset = Math.max(0, q.offset ?? 0);
  const page = list.slice(offset, offset + limit).map((e) => ({ item_id: e.itemId, disagree: e.disagree ? 1 : 0 }));
  const total = list.length;
  if (page.length === 0) return { total, rows: [] };

  // The page's cells and scores: one query per run and node, over the primary key.
  const ids = page.map((p) => p.item_id);
  const marks = ids.map(() => "?").join(", ");
  const fetch = (runId: string, nodeId: string): Map<string, ResultRow> => {
    const rows = db.prepare(`SELECT * FROM results WHERE run_id = ? AND node_id = ? AND item_id IN (${marks})`).all(runId, nodeId, ...ids) as DbRow[];
    return new Map(rows.map((r) => [r.item_id, toResultRow(r)]));
  };
  const cells = q.runIds.map((id) => fetch(id, q.nodeId));
  const scores = q.runIds.map((id, i) => (q.scoreNodes[i] ? (q.scoreNodes[i] === q.nodeId ? cells[i] : fetch(id, q.scoreNodes[i]!)) : null));
  const scoreOf = (row: ResultRow | undefined): number | null => {
    const v = row?.output?.score;
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  };
  return {
    total,
    rows: page.map((p) => ({
      itemId: p.item_id,
      cells: cells.map((m) => m.get(p.item_id) ?? null),
      disagree: p.disagree === 1,
      scores: scores.map((m) => (m ? scoreOf(m.get(p.item_id)) : null)),
    })),
  };
}
