/**
 * One node's results across runs, item by item: which items match and whether the runs disagree on each, then
 * one page of them whole.
 *
 * The list reads each run's rows of the node in one primary-key range (the compared ports extracted in SQL, so
 * a large output, e.g. a chat, is never parsed in JS; the search matched in SQL) and each run's scores in one
 * range of its score node. A range comes back as one row of JSON arrays, a column each: handing 100,000 rows
 * to JS one by one cost more than reading them. The runs are put side by side and in dataset order (first seq,
 * then item id) in JS. (Joining the runs in SQL looked four rows up per item: ~0.9 s for 100,000 items.)
 * The caller may keep the list for the next pages; a page fetches only its own rows whole.
 */
import type { Database, Statement } from "better-sqlite3";
import type { CompareItemRow, ResultRow } from "../../shared/contract";
import { compareBinary, portPath } from "./compareScans";
import type { ResultWriter } from "./resultWriter";
import { rowTables, type RowTables } from "./rowTables";
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

/**
 * A JSON array of `expr` over the range, or NULL when it equals `@same` (given as the first run's array): most
 * runs have the same items in the same order, which then are neither sent nor parsed again.
 */
const unlessSame = (expr: string, same: string): string => `CASE WHEN json_group_array(${expr}) = @${same} THEN NULL ELSE json_group_array(${expr}) END`;

/**
 * A run's rows of the node, one primary-key range, as one row: item ids and seqs (JSON arrays, NULL when they
 * are `@ids` and `@seqs`), whether each output is NULL (a string of 0s and 1s: read by flagsOf), with a search
 * (`@search`, a LIKE pattern) whether each row matches it (the same), then a JSON array per compared port (`@p0`..: `->>` gives a number as
 * a number, a boolean as 0/1, an object as its JSON text) or, without ports, of the whole outputs.
 */
export function nodeScanSql(ports: number, search: boolean, outputsStored: boolean, t: RowTables): string {
  const columns = [unlessSame("item_id", "ids"), unlessSame("seq", "seqs"), "group_concat(output IS NULL, '')"];
  if (search) columns.push("group_concat(coalesce(item_id LIKE @search ESCAPE '\\' OR output LIKE @search ESCAPE '\\' OR error LIKE @search ESCAPE '\\' OR drop_reason LIKE @search ESCAPE '\\', 0), '')");
  const values = ports ? Array.from({ length: ports }, (_, j) => `output ->> @p${j}`) : ["output"];
  columns.push(...values.map((v) => `json_group_array(${v})`));
  // Outputs kept in `contents` (longer than INLINE_MAX; packed since migration 12): LIMIT -1 keeps the subquery a
  // co-routine (an aggregate over a LIMIT subquery is not flattened), so each row's output is looked up (and
  // unpacked) once and named from its register, where the view's expression would be evaluated once per mention.
  // Outputs in their rows: the flat scan (the co-routine costs ~25 % more there).
  const range = `${t.rows} WHERE run_id = @run AND node_id = @node`;
  return `SELECT ${columns.join(", ")} FROM ${outputsStored ? `(SELECT item_id, seq, output, error, drop_reason FROM ${range} LIMIT -1)` : range}`;
}

/** Whether the node's first row in the run keeps its output in `contents` (1) or in the row (0); undefined: no row. */
export const firstOutputStoredSql = (t: RowTables) => `SELECT output_hash IS NOT NULL FROM ${t.heads} WHERE run_id = @run AND node_id = @node LIMIT 1`;

/** A score node's item ids (NULL when they are `@ids`) and scores (`->>`: what `json_extract` gives), one range. */
export const scoresScanSql = (t: RowTables) => `SELECT ${unlessSame("item_id", "ids")}, json_group_array(output ->> '$.score') FROM ${t.rows} WHERE run_id = @run AND node_id = @node`;

interface NodeScan {
  ids: string[];
  seqs: number[];
  /** 1 where the row's output is NULL, by row. */
  nulls: Uint8Array;
  /** 1 where the row matches the search, by row (all 0 without one). */
  matches: Uint8Array;
  /** Per compared port (or the whole output), the values in row order. */
  values: unknown[][];
}

/** SQL's `group_concat(<0 or 1>, '')` (one character per row: a column of flags sent as one string) as flags. */
function flagsOf(packed: string | null, rows: number): Uint8Array {
  const flags = new Uint8Array(rows);
  if (packed) for (let r = 0; r < rows; r++) flags[r] = packed.charCodeAt(r) === 49 ? 1 : 0;
  return flags;
}

const isWs = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** A compared port value: a string trimmed of spaces, tabs and line ends (as SQL's trim(x, char(32, 9, 10, 13))). */
function trimmed(v: unknown): unknown {
  if (typeof v !== "string" || v.length === 0 || !(isWs(v.charCodeAt(0)) || isWs(v.charCodeAt(v.length - 1)))) return v;
  let a = 0;
  let b = v.length;
  while (a < b && isWs(v.charCodeAt(a))) a++;
  while (b > a && isWs(v.charCodeAt(b - 1))) b--;
  return v.slice(a, b);
}

/** The items of every run: the first run's in its order (`first`), then those of others it lacks. */
interface Union {
  first: readonly string[];
  ids: string[];
  index: Map<string, number> | null;
}

/** For each of `ids`, its index in the union (appended when missing and `add`, else -1); no map for the same items. */
function positions(into: Union, ids: string[], add: boolean): Int32Array {
  const pos = new Int32Array(ids.length);
  const base = into.ids;
  let same = ids === into.first || ids.length <= base.length;
  for (let r = 0; same && ids !== into.first && r < ids.length; r++) same = ids[r] === base[r];
  if (same) {
    for (let r = 0; r < ids.length; r++) pos[r] = r;
    return pos;
  }
  if (!into.index) into.index = new Map(base.map((id, u) => [id, u]));
  for (let r = 0; r < ids.length; r++) {
    let u = into.index.get(ids[r]);
    if (u === undefined && add) {
      u = base.push(ids[r]) - 1;
      into.index.set(ids[r], u);
    }
    pos[r] = u ?? -1;
  }
  return pos;
}

/**
 * The matching items in dataset order, each with its disagreement with the first run: the output NULL in one run
 * only (a missing row counts as a NULL output), a compared value that differs (strings trimmed; a number equals
 * the same number; values come through JSON, so integers beyond 2^53 would round, which outputs written from JS
 * never hold), or, when both runs have a score node, the scores.
 */
export function compareItemList(db: Database, writer: ResultWriter, q: CompareItemsInput): ItemListEntry[] {
  writer.flush();
  const k = q.runIds.length;
  const params: Record<string, unknown> = { node: q.nodeId };
  q.ports.forEach((p, j) => (params[`p${j}`] = portPath(p)));
  if (q.search) params.search = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const scored = q.scoreNodes.map((s, i) => Boolean(s && q.scoreNodes[0] && (i > 0 || q.scoreNodes.slice(1).some(Boolean))));

  // One snapshot: every range sees the same results.
  const { scans, scoreScans } = db.transaction(() => {
    // The first run's first row tells how the node's outputs are kept (either scan gives the same lists).
    const stored = db.prepare(firstOutputStoredSql(rowTables(db, q.runIds[0], q.nodeId))).pluck().get({ run: q.runIds[0], node: q.nodeId }) === 1;
    // Each run's rows from its own tables or through the sharing views (rowTables.ts): one statement of each kind.
    const statements = new Map<RowTables, { node: Statement; score: Statement }>();
    const statementsFor = (t: RowTables) => {
      let s = statements.get(t);
      if (!s) statements.set(t, (s = { node: db.prepare(nodeScanSql(q.ports.length, Boolean(q.search), stored, t)).raw(), score: db.prepare(scoresScanSql(t)).raw() }));
      return s;
    };
    const idTexts: string[] = [];
    let seqText: string | null = null;
    const scans: NodeScan[] = [];
    for (const run of q.runIds) {
      const row = statementsFor(rowTables(db, run, q.nodeId)).node.get({ ...params, run, ids: idTexts[0] ?? null, seqs: seqText }) as (string | null)[];
      const [ids, seqs, nulls] = row;
      idTexts.push(ids ?? idTexts[0]);
      seqText ??= seqs;
      const itemIds = ids === null ? scans[0].ids : (JSON.parse(ids) as string[]);
      scans.push({
        ids: itemIds,
        seqs: seqs === null ? scans[0].seqs : (JSON.parse(seqs!) as number[]),
        nulls: flagsOf(nulls, itemIds.length),
        matches: flagsOf(q.search ? row[3] : null, itemIds.length),
        values: row.slice(q.search ? 4 : 3).map((v) => JSON.parse(v!) as unknown[]),
      });
    }
    const scoreScans = q.runIds.map((run, i) => {
      if (!scored[i]) return null;
      const [ids, scores] = statementsFor(rowTables(db, run, q.scoreNodes[i]!)).score.get({ run, node: q.scoreNodes[i], ids: idTexts[i] }) as [string | null, string];
      return { ids: ids === null ? scans[i].ids : (JSON.parse(ids) as string[]), scores: JSON.parse(scores) as unknown[] };
    });
    return { scans, scoreScans };
  })();

  // Every run's items (the first run's, then others' new ones) and, per run, which row holds each (-1: none).
  const union: Union = { first: scans[0].ids, ids: scans[0].ids.slice(), index: null };
  const rowPos = scans.map((s) => positions(union, s.ids, true));
  const n = union.ids.length;
  const seq = new Float64Array(n).fill(Infinity);
  const match = new Uint8Array(n);
  const rowOf = scans.map(() => new Int32Array(n).fill(-1));
  scans.forEach((s, i) => {
    const pos = rowPos[i];
    for (let r = 0; r < pos.length; r++) {
      const u = pos[r];
      rowOf[i][u] = r;
      if (s.seqs[r] < seq[u]) seq[u] = s.seqs[r];
      if (s.matches[r]) match[u] = 1;
    }
  });
  const scoreOf = scoreScans.map((s) => {
    if (!s) return null;
    const pos = positions(union, s.ids, false);
    const out = new Array<unknown>(n).fill(null);
    for (let r = 0; r < pos.length; r++) if (pos[r] >= 0) out[pos[r]] = s.scores[r];
    return out;
  });

  // Dataset order: (seq, item id in SQLite's order), which the first run's rows are usually in already.
  const order = Array.from({ length: n }, (_, u) => u);
  const before = (a: number, b: number) => seq[a] - seq[b] || compareBinary(union.ids[a], union.ids[b]);
  let sorted = true;
  for (let u = 1; sorted && u < n; u++) sorted = before(u - 1, u) < 0;
  if (!sorted) order.sort(before);

  const ports = q.ports.length > 0;
  const nValues = ports ? q.ports.length : 1;
  const value = (i: number, j: number, r: number): unknown => (r < 0 ? null : ports ? trimmed(scans[i].values[j][r]) : scans[i].values[j][r]);
  const isNull = (i: number, r: number): boolean => r < 0 || scans[i].nulls[r] === 1;
  const out: ItemListEntry[] = [];
  for (const u of order) {
    if (q.search && !match[u]) continue;
    const r0 = rowOf[0][u];
    let disagree = false;
    for (let i = 1; i < k && !disagree; i++) {
      const ri = rowOf[i][u];
      disagree = isNull(0, r0) !== isNull(i, ri);
      for (let j = 0; j < nValues && !disagree; j++) disagree = value(0, j, r0) !== value(i, j, ri);
      if (!disagree && scored[i]) disagree = scoreOf[0]![u] !== scoreOf[i]![u];
    }
    if (!q.onlyDisagreements || disagree) out.push({ itemId: union.ids[u], disagree });
  }
  return out;
}

type DbRow = Parameters<typeof toResultRow>[0];

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
